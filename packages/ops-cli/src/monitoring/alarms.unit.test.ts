import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(resolve(repositoryRoot, path), 'utf8');

interface Rule {
  alert: string;
  expr: string;
  annotations: { runbook: string; summary: string };
}

const rules = (parse(read('infra/docker/prometheus-alerts.yml')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((group) => group.rules);
const runbook = read('docs/runbooks/operators.md');
const compose = parse(read('docker-compose.yml')) as { services: Record<string, { volumes?: string[] }> };
const prometheus = parse(read('infra/docker/prometheus.yml')) as { rule_files: string[] };
const dashboard = JSON.parse(read('infra/docker/grafana/dashboards/ctp-operations.json')) as { panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[] };
const datasources = (parse(read('infra/docker/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] }).datasources;

/** GitHub's anchor of a markdown heading: lower case, punctuation dropped, spaces as dashes. */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
const alarmSections = runbook.slice(runbook.indexOf('## Alarms')).split('\n').filter((line) => line.startsWith('### ')).map((line) => line.slice(4));

describe('the runbook alarms as Prometheus and Grafana see them', () => {
  it('each alert points at a runbook section that exists and names it', () => {
    for (const rule of rules) {
      const [file, section] = rule.annotations.runbook.split('#');
      expect(file, rule.alert).toBe('docs/runbooks/operators.md');
      const heading = alarmSections.find((candidate) => anchor(candidate) === section);
      expect(heading, `${rule.alert} -> #${section}`).toBeDefined();
      const body = runbook.slice(runbook.indexOf(`### ${heading!}`)).split('\n### ')[0]!;
      expect(body, `section ${heading!} names ${rule.alert}`).toContain(`\`${rule.alert}\``);
    }
  });

  it('every alarm of the issue has at least one alert, and every alert watches a metric the services export', () => {
    const covered = new Set(rules.map((rule) => rule.annotations.runbook.split('#')[1]));
    for (const alarm of ['consumer-lagging', 'dead-letters-parked', 'timer-failing', 'relay-behind']) expect(covered, alarm).toContain(alarm);
    const exported = /\b(ctp_consumer_lag|ctp_consumer_events_per_second|ctp_consumer_parked|ctp_timers|ctp_timer_delay|ctp_relay_lag|http_server_request_duration_count|up)\b/;
    for (const rule of rules) expect(rule.expr, rule.alert).toMatch(exported);
  });

  it('Prometheus loads the rules file compose mounts, and the dashboard reads the provisioned datasource', () => {
    const mounts = compose.services.prometheus!.volumes ?? [];
    for (const file of prometheus.rule_files) {
      const mount = mounts.find((volume) => volume.split(':')[1] === file);
      expect(mount, file).toBeDefined();
      expect(existsSync(resolve(repositoryRoot, mount!.split(':')[0]!))).toBe(true);
    }
    expect(datasources).toEqual([expect.objectContaining({ url: 'http://prometheus:9090' })]);
    expect(compose.services.grafana!.volumes).toEqual(['./infra/docker/grafana/provisioning:/etc/grafana/provisioning:ro', './infra/docker/grafana/dashboards:/var/lib/grafana/dashboards:ro']);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe(datasources[0]!.uid);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
    }
    const queried = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)).join('\n');
    for (const metric of ['ctp_consumer_lag', 'ctp_consumer_events_per_second', 'ctp_consumer_parked', 'ctp_timer_delay', 'ctp_relay_lag', 'http_server_request_duration_count', 'http_server_request_duration_bucket']) expect(queried).toContain(metric);
  });
});
