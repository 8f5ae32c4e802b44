export const usage = `Usage: ctp-import <input> [options]

Loads historical customer facts into the intake service (POST /v1/events), in batches,
resumably. <input> is NDJSON (one fact per line, in the intake format) or CSV with --mapping.

Options:
  --format ndjson|csv    input format (default: csv for *.csv, else ndjson)
  --mapping <file>       CSV column mapping (JSON); see docs/runbooks/importing.md
  --url <url>            intake base URL (default http://127.0.0.1:8081)
  --key <key>            integrator API key (default: $CTP_API_KEY; prefer the variable)
  --privacy-key <key>    privacy-role key for CustomerErasureRequested rows, which an integrator
                         key may not send (default: $CTP_PRIVACY_KEY; prefer the variable)
  --batch-size <n>       facts per request, 1 to 500 (default 500)
  --concurrency <n>      requests in flight, 1 to 16 (default 2)
  --max-retries <n>      retries of one request on 429, 5xx or connection errors (default 10)
  --timeout <seconds>    per request (default 60)
  --progress <file>      progress file (default <input>.progress.json)
  --rejects <file>       rejected rows, NDJSON (default <input>.rejects.ndjson)
  --restart              ignore earlier progress and start from the first row
  -h, --help             show this help

Exit codes: 0 every row accepted or duplicate; 2 finished with rejected rows;
1 fatal (bad arguments, unreadable input, API key refused, intake unavailable); 130 interrupted.
Running the same command again resumes after the rows already settled.
`;
