import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type ConfigEdge } from '../src/config/env.js';

const edge: ConfigEdge = {
  cwd: '/srv/ktriage',
  stdoutIsTTY: false,
  readFile: () => {
    throw new Error('no files here');
  },
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, undefined, edge);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('the configuration was accepted');
}

describe('LLM explanation settings', () => {
  it('are off by default', () => {
    expect(loadConfig({}, undefined, edge).llm).toBeNull();
  });

  it('turn on with a base URL and a model, the key optional, with bounded retries and a daily budget', () => {
    expect(
      loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_MODEL: 'qwen2.5:14b' }, undefined, edge)
        .llm,
    ).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:14b',
      apiKey: null,
      timeoutMs: 30_000,
      maxRetries: 2,
      dailyTokens: 1_000_000,
    });
    const env = {
      LLM_BASE_URL: 'https://api.openai.com/v1',
      LLM_MODEL: 'gpt-4.1-mini',
      LLM_API_KEY: 'sk-proj-abc',
      LLM_TIMEOUT_MS: '20000',
      LLM_MAX_RETRIES: '0',
      LLM_DAILY_TOKENS: '200000',
    };
    expect(loadConfig(env, undefined, edge).llm).toMatchObject({
      apiKey: 'sk-proj-abc',
      timeoutMs: 20_000,
      maxRetries: 0,
      dailyTokens: 200_000,
    });
  });

  it('name what a half-set provider is missing, and never echo the key', () => {
    expect(problems({ LLM_MODEL: 'qwen2.5:14b' })).toEqual([
      'LLM_BASE_URL is required for LLM explanations (set: LLM_MODEL)',
    ]);
    expect(problems({ LLM_API_KEY: 'sk-secret' })).toEqual([
      'LLM_BASE_URL is required with LLM_MODEL for LLM explanations (LLM_API_KEY is set)',
    ]);
    expect(problems({ LLM_BASE_URL: 'localhost:11434', LLM_MODEL: 'm' })).toEqual([
      'LLM_BASE_URL expects the http(s) base URL of an OpenAI-compatible API, such as http://127.0.0.1:11434/v1 (got "localhost:11434")',
    ]);
  });
});
