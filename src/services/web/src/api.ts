export interface Appointment {
  id: number;
  workspace_id: number;
  client_name: string;
  starts_at: string;
  duration_minutes: number;
}

/** Reads a workspace's schedule from the api (same origin, behind the proxy). */
export async function fetchSchedule(workspaceId: number, fetcher: typeof fetch = fetch): Promise<Appointment[]> {
  const response = await fetcher(`/api/v1/workspaces/${workspaceId}/appointments`, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new Error(`The schedule could not be loaded (HTTP ${response.status}).`);
  }
  return (await response.json()) as Appointment[];
}
