import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { VARIABLE_NAMES } from '../src/config/env.js';

describe('.env.example', () => {
  const lines = readFileSync('.env.example', 'utf8').split('\n');
  const documented = lines.flatMap((line) => /^# ([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []);

  it('lists every setting the service reads, once, and nothing else', () => {
    expect([...documented].sort()).toEqual([...VARIABLE_NAMES].sort());
  });

  it('sets nothing when copied unchanged: every setting is commented out', () => {
    expect(lines.filter((line) => /^[A-Z]/.test(line))).toEqual([]);
  });
});

const Service = z.object({
  image: z.string().optional(),
  build: z.string().optional(),
  environment: z.record(z.string(), z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  ports: z.array(z.string()).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
});

describe('docker-compose.yml', () => {
  const compose = z
    .object({ services: z.record(z.string(), Service) })
    .parse(parseYaml(readFileSync('docker-compose.yml', 'utf8'), { merge: true }));
  const replicas = Object.entries(compose.services).filter(([name]) => name.startsWith('ktriage'));

  it('runs two replicas of the image on one PostgreSQL, started once the database is healthy', () => {
    expect(replicas).toHaveLength(2);
    expect(compose.services.db?.healthcheck?.test.join(' ')).toContain('pg_isready');
    for (const [, replica] of replicas) {
      expect(replica.build).toBe('.');
      expect(replica.environment?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@db:5432\//);
      expect(replica.environment?.HOST).toBe('0.0.0.0');
      // Off loopback the service refuses to start without a token; compose asks for one up front.
      expect(replica.environment?.API_TOKEN).toMatch(/^\$\{API_TOKEN:\?/);
      expect(replica.depends_on?.db?.condition).toBe('service_healthy');
    }
    const hostPorts = replicas.map(([, r]) => r.ports?.[0]?.split(':')[0]);
    expect(new Set(hostPorts).size).toBe(2);
  });

  it('sets only variables the service reads', () => {
    const known = new Set<string>(VARIABLE_NAMES);
    for (const [, replica] of replicas) {
      for (const name of Object.keys(replica.environment ?? {})) expect(known).toContain(name);
    }
  });
});
