import pg from 'pg';
const url = process.env.CTP_POSTGRES_URL ?? process.env.POSTGRES_URL;
process.on('uncaughtException', (e) => { console.log('UNCAUGHT', e.message); });
const pool = new pg.Pool({ connectionString: url, max: 2 }); pool.on('error', () => undefined);
const admin = new pg.Client({ connectionString: url }); await admin.connect();
async function busy() {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
  const q = client.query('SELECT pg_sleep(3)');
  setTimeout(() => admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]), 200);
  try { await q; } catch (e) { console.log('busy: query failed', e.message); } finally { client.release(); }
}
async function idle() {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
  await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
  await new Promise((r) => setTimeout(r, 500));
  client.release();
}
await busy(); console.log('busy done'); await idle(); console.log('idle done');
await admin.end(); await pool.end();
