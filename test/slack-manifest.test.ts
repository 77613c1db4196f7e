import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { BOT_EVENTS, BOT_SCOPES, SLACK_EVENTS_PATH, SLASH_COMMAND } from '../src/slack/adapter.js';

const Manifest = z.object({
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.boolean() }),
    slash_commands: z.array(z.object({ command: z.string(), url: z.string().optional() })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()), request_url: z.string().optional() }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string().optional() }),
    socket_mode_enabled: z.boolean(),
  }),
});

const manifest = (name: string) =>
  Manifest.parse(parse(readFileSync(new URL(`../slack/${name}`, import.meta.url), 'utf8')));

describe('slack/manifest*.yaml', () => {
  it.each(['manifest.yaml', 'manifest-http.yaml'])(
    '%s asks for exactly the scopes and events the adapter uses',
    (name) => {
      const m = manifest(name);
      expect([...m.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
      expect([...m.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
      expect(m.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
      expect(m.features.app_home.home_tab_enabled).toBe(true);
      expect(m.settings.interactivity.is_enabled).toBe(true);
    },
  );

  it('Socket Mode needs no URL; HTTP mode points events, the command and interactivity at /slack/events', () => {
    const socket = manifest('manifest.yaml');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    const http = manifest('manifest-http.yaml');
    expect(http.settings.socket_mode_enabled).toBe(false);
    for (const url of [
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      http.features.slash_commands[0]?.url,
    ]) {
      expect(new URL(url ?? '').pathname).toBe(SLACK_EVENTS_PATH);
    }
  });
});
