// Waits until every read model of the running services has consumed what the relay published, printing a
// progress line every few seconds meanwhile: `bash scripts/start.sh` says ready only once the README's
// examples answer from the demo data. Exits 1 with what is still behind after CTP_CATCH_UP_TIMEOUT seconds.
import { readFileSync } from 'node:fs';

const services = { intake: 8081, tiering: 8082, sla: 8083, feedback: 8084, analytics: 8085 };
const relay = 8090;
const timeoutSeconds = Number(process.env.CTP_CATCH_UP_TIMEOUT ?? 900);
const keys = JSON.parse(readFileSync('.local/dev-keys.json', 'utf8'));
const headers = { authorization: `Bearer ${keys.analyst}` };

async function readModels() {
  const all = await Promise.all(
    Object.entries(services).map(async ([service, port]) => {
      const response = await fetch(`http://127.0.0.1:${port}/v1/read-models`, { headers }).catch(() => null);
      if (response?.status === 404) return [];
      if (!response?.ok) return [{ service, name: '(all)', lagEvents: null, reason: `answers ${response?.status ?? 'nothing'}` }];
      return (await response.json()).readModels.map((model) => ({ service, ...model }));
    }),
  );
  return all.flat();
}

async function relayBehind() {
  const response = await fetch(`http://127.0.0.1:${relay}/v1/relay/lag`, { headers }).catch(() => null);
  return response?.ok ? Number((await response.json()).positionsBehind) : null;
}

const started = Date.now();
let caughtUpPolls = 0;
let lastLine = 0;
for (;;) {
  const [models, behind] = await Promise.all([readModels(), relayBehind()]);
  const pending = models.filter((model) => model.lagEvents !== 0);
  caughtUpPolls = pending.length === 0 && behind === 0 ? caughtUpPolls + 1 : 0;
  const seconds = Math.round((Date.now() - started) / 1000);
  // Two polls in a row with nothing behind: reactions (tiering's tiers) publish their own events after the facts.
  if (caughtUpPolls >= 2) {
    console.log(`    read models caught up (${models.map((model) => model.name).join(', ')}) in ${seconds} s`);
    process.exit(0);
  }
  if (seconds >= timeoutSeconds) {
    console.error(`!! read models still behind after ${seconds} s: ${describe(pending, behind)}; GET /v1/read-models on each service tells more`);
    process.exit(1);
  }
  if (Date.now() - lastLine >= 5_000 && (pending.length > 0 || behind !== 0)) {
    console.log(`    read models catching up (${seconds} s): ${describe(pending, behind)}`);
    lastLine = Date.now();
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

function describe(pending, behind) {
  const parts = pending.map((model) => {
    if (model.lagEvents === null) return `${model.service} ${model.reason}`;
    const rate = model.eventsPerSecond ? `, ${model.eventsPerSecond.toLocaleString('en')}/s` : '';
    return `${model.name} ${model.lagEvents.toLocaleString('en')} events behind${rate}`;
  });
  if (behind !== 0) parts.push(behind === null ? 'relay not answering' : `relay ${behind.toLocaleString('en')} positions behind`);
  return parts.join('; ');
}
