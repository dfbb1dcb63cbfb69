import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/**
 * Reads usage_events as the embedded Postgres superuser (past row-level security), to
 * see how many rows the usage meter wrote during a phase. Only counts: the benchmark
 * never reads row contents.
 */
export type UsageDb = { count: () => Promise<number>; settle: () => Promise<number>; close: () => Promise<void> };

export async function openUsageDb(url: string): Promise<UsageDb> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const count = async () => Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM usage_events")).rows[0]!.n);
  return {
    count,
    /** Waits until the meter's buffered rows have landed (the count holds still for 1.2 s, 8 s at most). */
    settle: async () => {
      const deadline = Date.now() + 8_000;
      let last = await count();
      let stableSince = Date.now();
      while (Date.now() < deadline && Date.now() - stableSince < 1_200) {
        await sleep(300);
        const n = await count();
        if (n !== last) {
          last = n;
          stableSince = Date.now();
        }
      }
      return last;
    },
    close: () => client.end().catch(() => {}),
  };
}
