import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { fetchSchedule } from "../src/api";
import Schedule from "../src/components/Schedule.vue";

describe("Schedule", () => {
  it("lists appointments in time order", () => {
    const wrapper = mount(Schedule, {
      props: {
        appointments: [
          { id: 2, workspace_id: 1, client_name: "Later", starts_at: "2026-01-05T11:00:00Z", duration_minutes: 50 },
          { id: 1, workspace_id: 1, client_name: "Earlier", starts_at: "2026-01-05T09:00:00Z", duration_minutes: 30 },
        ],
      },
    });

    const cells = wrapper.findAll("tbody tr").map((row) => row.findAll("td").map((cell) => cell.text()));
    expect(cells).toEqual([
      ["2026-01-05 09:00", "Earlier", "30"],
      ["2026-01-05 11:00", "Later", "50"],
    ]);
  });

  it("says so when the day is empty", () => {
    expect(mount(Schedule, { props: { appointments: [] } }).text()).toContain("No appointments.");
  });
});

describe("fetchSchedule", () => {
  it("reads the workspace's appointments from the api", async () => {
    const calls: string[] = [];
    const fetcher = (async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify([{ id: 1 }]), { status: 200 });
    }) as unknown as typeof fetch;

    expect(await fetchSchedule(7, fetcher)).toEqual([{ id: 1 }]);
    expect(calls).toEqual(["/api/v1/workspaces/7/appointments"]);
  });

  it("reports an api failure", async () => {
    const fetcher = (async () => new Response("", { status: 503 })) as unknown as typeof fetch;

    await expect(fetchSchedule(7, fetcher)).rejects.toThrow("HTTP 503");
  });
});
