import { dropRunLeftovers, openBench } from './env.js';

/** `pnpm bench:clean`: drops what interrupted runs left behind (every bench_* schema, topic, group, database), and the stored tiering history (bench_tiering_<customers>). */
const { bench, close } = await openBench();
try {
  await dropRunLeftovers(bench, 'bench_');
} finally {
  await close();
}
