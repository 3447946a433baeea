/** Delay before reconnect attempt n (0-based): exponential, capped, with full jitter so clients do not reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 500, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export interface SocketLike {
  onopen: (() => void) | null;
  onmessage: ((event: { data: string }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  close(): void;
}

export interface RealtimeOptions {
  url: string;
  onEvent: (event: { type: string; [key: string]: unknown }) => void;
  connect?: (url: string) => SocketLike;
  schedule?: (callback: () => void, delayMs: number) => void;
  random?: () => number;
}

/**
 * Keeps one WebSocket to /ws open. A server restart (1012, a blue/green drain) or a dropped connection reconnects
 * after a jittered, growing delay; a successful connection resets the delay. Pings are answered by the browser.
 */
export class RealtimeConnection {
  private attempt = 0;
  private stopped = false;
  private socket: SocketLike | null = null;
  private readonly connect: (url: string) => SocketLike;
  private readonly schedule: (callback: () => void, delayMs: number) => void;

  constructor(private readonly options: RealtimeOptions) {
    this.connect = options.connect ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.schedule = options.schedule ?? ((callback, delayMs) => void setTimeout(callback, delayMs));
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  private open(): void {
    const socket = this.connect(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(message.data) as { type: string };
      if (event.type !== "ping") {
        this.options.onEvent(event);
      }
    };
    socket.onclose = () => {
      if (this.stopped) {
        return;
      }
      const delay = backoffDelay(this.attempt++, this.options.random);
      this.schedule(() => this.open(), delay);
    };
  }
}

export function websocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
}
