// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ } is Terraform interpolation in the parsed HCL
// deployment/ci/oci: every .tf file parses as HCL (@cdktf/hcl2json, HashiCorp's parser compiled
// to WebAssembly), and the runner it describes is the one the issue asks for: 2 OCPU / 8 GB,
// labels self-hosted,vault-ci, no ingress and no SSH key, and a startup script that is valid
// bash once Terraform has rendered it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo-paths.js';

const DIR = join(REPO_ROOT, 'deployment', 'ci', 'oci');
type Hcl = Record<string, Record<string, Record<string, Record<string, unknown>[]>>>;

const files = readdirSync(DIR).filter((name) => name.endsWith('.tf'));
const parsed = new Map<string, Hcl>();
for (const name of files) parsed.set(name, (await parse(name, readFileSync(join(DIR, name), 'utf8'))) as Hcl);
const main = parsed.get('main.tf') as Hcl;
const variables = (parsed.get('variables.tf') as Hcl).variable as unknown as Record<
  string,
  { default?: unknown }[]
>;
const resource = (type: string, name: string) => main.resource?.[type]?.[name]?.[0] ?? {};
const defaultOf = (name: string) => variables[name]?.[0]?.default;

describe('deployment/ci/oci', () => {
  it('every .tf file is HCL the parser accepts', () => {
    expect(files.sort()).toEqual(['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    for (const [name, hcl] of parsed) expect(Object.keys(hcl).length, name).toBeGreaterThan(0);
  });

  it('a 2 OCPU / 8 GB flexible instance with no public IP and no SSH key', () => {
    const instance = resource('oci_core_instance', 'runner');
    expect(instance.shape_config).toEqual([{ ocpus: '${var.ocpus}', memory_in_gbs: '${var.memory_in_gbs}' }]);
    expect(defaultOf('ocpus')).toBe(2);
    expect(defaultOf('memory_in_gbs')).toBe(8);
    expect(defaultOf('shape')).toMatch(/\.Flex$/);
    expect((instance.create_vnic_details as Record<string, unknown>[])[0]?.assign_public_ip).toBe(false);
    expect(resource('oci_core_subnet', 'private').prohibit_public_ip_on_vnic).toBe(true);
    expect(Object.keys(instance.metadata as object)).toEqual(['user_data']);
    expect(readFileSync(join(DIR, 'main.tf'), 'utf8')).not.toMatch(/ssh_authorized_keys\s*=/);
  });

  it('no ingress at all: the only security list has egress rules to 443 and 80', () => {
    const lists = main.resource?.oci_core_security_list ?? {};
    expect(Object.keys(lists)).toEqual(['runner']);
    const list = resource('oci_core_security_list', 'runner');
    expect(list.ingress_security_rules).toBeUndefined();
    const ports = (list.egress_security_rules as { tcp_options: { min: number; max: number }[] }[]).map(
      (rule) => rule.tcp_options[0],
    );
    expect(ports).toEqual([
      { min: 443, max: 443 },
      { min: 80, max: 80 },
    ]);
    expect(main.resource?.oci_core_network_security_group).toBeUndefined();
  });

  it('labels self-hosted,vault-ci, the value e2e.yml reads from vars.E2E_RUNS_ON', () => {
    expect(defaultOf('runner_labels')).toEqual(['self-hosted', 'vault-ci']);
    const outputs = (parsed.get('outputs.tf') as Hcl).output as unknown as Record<
      string,
      { value: string }[]
    >;
    expect(outputs.e2e_runs_on?.[0]?.value).toBe('${jsonencode(var.runner_labels)}');
  });

  it('the startup script installs Docker and Node, registers the runner, and is valid bash once rendered', () => {
    const userData = String(
      (resource('oci_core_instance', 'runner').metadata as Record<string, string>).user_data,
    );
    const passed = [...userData.matchAll(/^\s+(\w+)\s+=/gm)].map((match) => match[1]).sort();
    const template = readFileSync(join(DIR, 'startup.sh.tftpl'), 'utf8');
    const used = [...new Set([...template.matchAll(/(?<!\$)\$\{(\w+)\}/g)].map((match) => match[1]))].sort();
    expect(used).toEqual(passed);

    const values: Record<string, string> = {
      github_repository: 'runevault/runevault',
      runner_registration_token: 'AAAAEXAMPLETOKEN',
      runner_name: 'vault-ci-oci-1',
      runner_labels: 'self-hosted,vault-ci',
      runner_version: String(defaultOf('runner_version')),
      runner_sha256: String(defaultOf('runner_sha256')),
      node_version: String(defaultOf('node_version')),
    };
    const rendered = template
      .replace(/(?<!\$)\$\{(\w+)\}/g, (_, name: string) => values[name] ?? `<missing ${name}>`)
      .replaceAll('$${', '${');
    expect(rendered).not.toContain('<missing');
    const syntax = spawnSync('bash', ['-n'], { input: rendered, encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
    expect(rendered).toMatch(/apt-get install .*docker\.io/);
    expect(rendered).toMatch(/NODE_VERSION=.20\.\d+\.\d+./);
    expect(rendered).toContain('https://nodejs.org/dist/v$NODE_VERSION/$node_tarball');
    expect(rendered).toMatch(/sha256sum -c/);
    expect(rendered).toContain("--labels 'self-hosted,vault-ci'");
    expect(rendered).toMatch(/svc\.sh install "\$RUNNER_USER"/);
    expect(defaultOf('runner_sha256')).toMatch(/^[0-9a-f]{64}$/);
  });
});
