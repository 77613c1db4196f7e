import { describe, expect, it } from 'vitest';
import { ConfigError, describeStore, featureStates, loadConfig, type ConfigEdge } from '../src/config/env.js';

// A PEM as GitHub hands out App keys; the body is shortened, the shape is what the parser looks at.
const PEM = `-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aozN3tihPmljnnudb9G3HECdnH
lWu2/a1gB9JW5TBQ+AVpum9Okx7KfqkfBKL9mcHgSL0yWMdjMfNOqNtrQqKlN4kE
-----END RSA PRIVATE KEY-----`;

const files: Record<string, string> = { '/srv/ktriage/app.pem': `${PEM}\n` };

const edge: ConfigEdge = {
  cwd: '/srv/ktriage',
  stdoutIsTTY: false,
  readFile: (path) => {
    const text = files[path];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return text;
  },
};

const BOT = 'xoxb-2210535565-3912058834754-aQk1oz2T8gDsV6g9Jh1Yh0Ux';
const APP = 'xapp-1-A04N3EXAMPLE-4657392012345-6f1c0ffee0ddba11c0ffee0ddba11c0ffee0ddba11c0ffee0ddba11c0ffee';
const SIGNING = '8f742231b10e8888abcd99yyyzzz85a5';

function problems(env: Record<string, string>, dotenv?: string): string[] {
  try {
    loadConfig(env, dotenv, edge);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig with nothing set', () => {
  const config = loadConfig({}, undefined, edge);

  it('serves on loopback port 3000, with no API token, from a SQLite file under ./data', () => {
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.apiToken).toBeNull();
    expect(config.store).toEqual({ kind: 'sqlite', path: '/srv/ktriage/data/ktriage.db' });
  });

  it('enables no platform and names the variables that would', () => {
    expect(config.slack).toBeNull();
    expect(config.githubApp).toBeNull();
    expect(config.githubPolling).toBeNull();
    expect(featureStates(config)).toEqual([
      expect.objectContaining({
        name: 'Slack',
        enabled: false,
        detail: expect.stringContaining('SLACK_BOT_TOKEN'),
      }),
      expect.objectContaining({
        name: 'GitHub App webhooks',
        enabled: false,
        detail: 'set GITHUB_APP_ID, GITHUB_PRIVATE_KEY and GITHUB_WEBHOOK_SECRET',
      }),
      expect.objectContaining({
        name: 'GitHub polling',
        enabled: false,
        detail: 'set GITHUB_TOKEN and GITHUB_WATCH_REPOS',
      }),
    ]);
  });

  it('logs JSON when stdout is not a terminal, readable lines when it is', () => {
    expect(config.log).toEqual({ format: 'json', level: 'info' });
    expect(loadConfig({}, undefined, { ...edge, stdoutIsTTY: true }).log.format).toBe('pretty');
  });

  it("bounds the outbox worker and the shutdown within Docker's 10 s stop grace", () => {
    expect(config.outbox).toEqual({ pollMs: 1000, leaseMs: 120_000, batchSize: 10 });
    expect(config.shutdownTimeoutMs).toBeLessThan(10_000);
  });
});

describe('loadConfig enabling features', () => {
  it('runs Slack over HTTP with a signing secret, over Socket Mode with an app token', () => {
    const http = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING }, undefined, edge);
    expect(http.slack).toMatchObject({ botToken: BOT, signingSecret: SIGNING, appToken: null, mode: 'http' });
    const socket = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }, undefined, edge);
    expect(socket.slack).toMatchObject({ mode: 'socket', apiUrl: 'https://slack.com/api/' });
    expect(featureStates(socket)[0]).toMatchObject({ enabled: true, detail: 'Socket Mode' });
  });

  it('takes the GitHub App key as PEM text, as one line with \\n, or as a file path', () => {
    const base = { GITHUB_APP_ID: '123456', GITHUB_WEBHOOK_SECRET: 'a webhook secret' };
    expect(loadConfig({ ...base, GITHUB_PRIVATE_KEY: PEM }, undefined, edge).githubApp?.privateKey).toBe(PEM);
    const oneLine = PEM.replaceAll('\n', '\\n');
    expect(loadConfig({ ...base, GITHUB_PRIVATE_KEY: oneLine }, undefined, edge).githubApp?.privateKey).toBe(
      PEM,
    );
    const fromFile = loadConfig({ ...base, GITHUB_PRIVATE_KEY: 'app.pem' }, undefined, edge).githubApp;
    expect(fromFile).toEqual({
      appId: 123456,
      privateKey: PEM,
      webhookSecret: 'a webhook secret',
      apiUrl: 'https://api.github.com',
    });
  });

  it('polls the repositories listed with commas or spaces', () => {
    const config = loadConfig(
      {
        GITHUB_TOKEN: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
        GITHUB_WATCH_REPOS: 'torvalds/linux, acme/kernel-ci  acme/bsp',
      },
      undefined,
      edge,
    );
    expect(config.githubPolling).toMatchObject({
      repos: ['torvalds/linux', 'acme/kernel-ci', 'acme/bsp'],
      intervalMs: 60_000,
    });
  });

  it('takes label prefixes and colours for GitHub, leaving unset ones to the defaults', () => {
    const config = loadConfig(
      { GITHUB_LABEL_KIND_PREFIX: 'oops: ', GITHUB_LABEL_DUPLICATE_COLOR: 'ededed' },
      undefined,
      edge,
    );
    expect(config.githubLabels).toEqual({
      kindPrefix: 'oops: ',
      patternPrefix: undefined,
      duplicate: undefined,
      colors: { kind: undefined, pattern: undefined, duplicate: 'ededed' },
    });
    expect(problems({ GITHUB_LABEL_KIND_COLOR: '#b60205' })).toEqual([
      'GITHUB_LABEL_KIND_COLOR expects a hex colour without #, such as b60205 (got "#b60205")',
    ]);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and never shows its password', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://ktriage:s3cret@db.internal:5432/ktriage' },
      undefined,
      edge,
    );
    expect(config.store).toEqual({
      kind: 'postgres',
      url: 'postgres://ktriage:s3cret@db.internal:5432/ktriage',
    });
    expect(describeStore(config.store)).toBe('PostgreSQL at postgres://ktriage@db.internal:5432/ktriage');
  });

  it('resolves relative paths against the working directory', () => {
    const config = loadConfig(
      { KTRIAGE_DB: 'var/k.db', KTRIAGE_KNOWLEDGE_DIRS: 'team-kb:/opt/kb' },
      undefined,
      edge,
    );
    expect(config.store).toEqual({ kind: 'sqlite', path: '/srv/ktriage/var/k.db' });
    expect(config.knowledgeDirs).toEqual(['/srv/ktriage/team-kb', '/opt/kb']);
  });
});

describe('loadConfig with a .env file', () => {
  it('reads the file, and the environment wins over it', () => {
    const dotenv =
      '# local settings\nPORT=8080\nexport LOG_LEVEL=debug\nSLACK_BOT_TOKEN="' +
      BOT +
      '"\nSLACK_SIGNING_SECRET=' +
      SIGNING +
      '\n';
    const config = loadConfig({ PORT: '9090' }, dotenv, edge);
    expect(config.port).toBe(9090);
    expect(config.log.level).toBe('debug');
    expect(config.slack?.mode).toBe('http');
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }, 'SLACK_BOT_TOKEN=\n', edge).store.kind).toBe('sqlite');
  });
});

describe('loadConfig refusing a configuration', () => {
  it('names the variable, what it expects and the value it got', () => {
    expect(problems({ PORT: 'http' })).toEqual([
      'PORT expects a TCP port number from 0 to 65535 (got "http")',
    ]);
    expect(problems({ PORT: '70000' })).toEqual([
      'PORT expects a TCP port number from 0 to 65535 (got "70000")',
    ]);
    expect(problems({ LOG_FORMAT: 'text' })).toEqual(['LOG_FORMAT expects json or pretty (got "text")']);
    expect(problems({ GITHUB_TOKEN: 'ghp_x', GITHUB_WATCH_REPOS: 'linux' })).toEqual([
      'GITHUB_WATCH_REPOS expects owner/repo names separated by commas or spaces (got "linux")',
    ]);
  });

  it('never echoes a secret it refuses', () => {
    const refused = problems({
      SLACK_BOT_TOKEN: 'xoxp-user-token-by-mistake',
      SLACK_SIGNING_SECRET: SIGNING,
    });
    expect(refused).toEqual(['SLACK_BOT_TOKEN expects a bot token, starting with xoxb-']);
    expect(problems({ DATABASE_URL: 'mysql://root:hunter2@db/ktriage' })).toEqual([
      'DATABASE_URL expects a PostgreSQL URL, postgres://user:password@host:5432/database',
    ]);
  });

  it('names what a half-configured feature is missing', () => {
    expect(problems({ SLACK_BOT_TOKEN: BOT })).toEqual([
      'SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is required with SLACK_BOT_TOKEN: the signing secret for Events API over HTTP, the app token for Socket Mode',
    ]);
    expect(problems({ SLACK_APP_TOKEN: APP })).toEqual([
      'SLACK_BOT_TOKEN is required for Slack (SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set)',
    ]);
    expect(problems({ GITHUB_APP_ID: '123456' })).toEqual([
      'GITHUB_PRIVATE_KEY is required for the GitHub App (set: GITHUB_APP_ID)',
      'GITHUB_WEBHOOK_SECRET is required for the GitHub App (set: GITHUB_APP_ID)',
    ]);
    expect(problems({ GITHUB_WATCH_REPOS: 'torvalds/linux' })).toEqual([
      'GITHUB_TOKEN is required for GitHub polling (set: GITHUB_WATCH_REPOS)',
    ]);
  });

  it('says why a GitHub App key cannot be used', () => {
    const base = { GITHUB_APP_ID: '123456', GITHUB_WEBHOOK_SECRET: 'a webhook secret' };
    expect(problems({ ...base, GITHUB_PRIVATE_KEY: 'missing.pem' })).toEqual([
      'GITHUB_PRIVATE_KEY expects the PEM text or the path of a .pem file; cannot read /srv/ktriage/missing.pem (ENOENT)',
    ]);
    expect(problems({ ...base, GITHUB_PRIVATE_KEY: '-----BEGIN CERTIFICATE-----\nMIIB' })).toEqual([
      'GITHUB_PRIVATE_KEY expects a private key PEM (-----BEGIN ... PRIVATE KEY-----)',
    ]);
  });

  it('reports every problem at once, in one ConfigError', () => {
    const load = (): unknown =>
      loadConfig({ PORT: '-1', LOG_LEVEL: 'verbose', OUTBOX_BATCH: '0' }, undefined, edge);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      [
        'configuration:',
        '  PORT expects a TCP port number from 0 to 65535 (got "-1")',
        '  LOG_LEVEL expects one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
        '  OUTBOX_BATCH expects a number of items from 1 to 100 (got "0")',
      ].join('\n'),
    );
  });
});
