import { postgresPool } from '@ctp/event-store';

/** Runs `work` while no other process runs a section of the same name, waiting its turn. */
export type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;

export interface ExclusiveSections {
  /** Sections named `name`: one at a time across every process on the same PostgreSQL server. */
  named(name: string): Exclusive;
  close(): Promise<void>;
}

/**
 * Sections of work that one process at a time may run, for writes whose documents' store cannot compare-and-set
 * (FerretDB 1.24 applies a filtered update as a read and a write, so two can both match): a session-level advisory
 * lock (`pg_advisory_lock(hashtext(name))`) on a connection of `url` held for the section. A crashed holder's
 * connection closes and frees the lock.
 */
export function exclusiveSections(url: string): ExclusiveSections {
  const pool = postgresPool({ connectionString: url, max: 4 });
  return {
    named: (name) => async (work) => {
      const client = await pool.connect();
      // It sits idle holding the lock while the work runs: postgresPool's clients listen for errors all their life.
      let unlocked = false;
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
        try {
          return await work();
        } finally {
          unlocked = await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).then(() => true, () => false);
        }
      } finally {
        // A connection that may still hold the lock (its lock or unlock failed) is closed, which frees it, not pooled.
        client.release(!unlocked);
      }
    },
    close: () => pool.end(),
  };
}
