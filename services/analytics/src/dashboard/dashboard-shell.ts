import { browserModules } from './dashboard-assets.js';

/**
 * The page shell: no data, no key; the browser modules log in and fetch everything with the analyst's key.
 * The modules are preloaded together (no import waterfall) and ECharts loads on the side: the tables do not wait for it.
 */
export const dashboardShell = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer experience dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
${browserModules.map((name) => `<link rel="modulepreload" href="/dashboard/assets/${name}.js">`).join('\n')}
<script type="module" src="/dashboard/assets/main.js"></script>
<script id="echarts" src="/dashboard/assets/echarts.min.js" async></script>
</head>
<body>
<header class="bar">
  <a class="brand" href="/dashboard" data-i18n="title">Customer experience</a>
  <form id="search" class="search" hidden>
    <label><span data-i18n="customerSearch">Customer</span> <input name="customer" required maxlength="100" autocomplete="off"></label>
    <button type="submit" data-i18n="open">Open</button>
  </form>
  <span class="spacer"></span>
  <button id="language" type="button" aria-label="language">中文</button>
  <button id="logout" type="button" hidden data-i18n="logout">Log out</button>
</header>
<p id="message" role="alert" hidden></p>
<main id="view" aria-live="polite"></main>
<section id="drill" class="drill" hidden aria-label="drill-down"></section>
</body>
</html>
`;

/** Scripts and styles only from this service; echarts sets element styles, so inline styles stay allowed. */
export const dashboardSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
