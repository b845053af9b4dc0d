import { describe, expect, it } from 'vitest';
import { defaultSettings, ProviderConfigSchema } from '../../main/core/contract/settings';
import { keySavedMessage, whereKeyIsKept } from '../../renderer/src/features/settings/key-wording';
import { build, toDraft } from '../../renderer/src/features/settings/settings-form';

describe('settings form: a new AI provider', () => {
  it('follows the schema defaults, recheckFlagged on as the engine has it', () => {
    const current = defaultSettings();
    const draft = { ...toDraft(current), mode: 'auto' as const, provider: 'compatible' as const, baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' };
    const out = build(draft, current);
    if (!('settings' in out)) throw new Error(JSON.stringify(out.errors));
    expect(out.settings.provider?.recheckFlagged).toBe(true);
    expect(ProviderConfigSchema.parse({ kind: 'compatible' }).recheckFlagged).toBe(true);
    expect(out.settings.provider).toMatchObject({ kind: 'compatible', model: 'llama3.1', baseUrl: 'http://127.0.0.1:11434/v1', timeoutMs: 60_000 });
  });

  it('keeps a saved provider’s own recheckFlagged choice', () => {
    const current = { ...defaultSettings(), provider: ProviderConfigSchema.parse({ kind: 'openai', recheckFlagged: false }) };
    const out = build({ ...toDraft(current) }, current);
    if (!('settings' in out)) throw new Error('refused');
    expect(out.settings.provider?.recheckFlagged).toBe(false);
  });
});

describe('settings: where the AI key is kept, said for the mode main reports', () => {
  it('desktop: kept securely, encrypted by the operating system', () => {
    expect(whereKeyIsKept('desktop')).toContain('kept securely on this computer (encrypted by the operating system)');
    expect(keySavedMessage('desktop', true)).toContain('kept securely on this computer (encrypted by the operating system)');
  });

  it('web mode: for this session only, to be entered again after a restart; never "securely stored"', () => {
    for (const text of [whereKeyIsKept('web'), keySavedMessage('web', false), keySavedMessage('web', undefined)]) {
      expect(text).toContain('kept for this session only');
      expect(text).toContain('Enter it again after SCR Extract is restarted');
      expect(text).not.toContain('encrypted by the operating system');
    }
  });

  it('desktop without OS key protection (main answered persisted: false): for this session only', () => {
    expect(keySavedMessage('desktop', false)).toContain('kept for this session only');
    expect(whereKeyIsKept('desktop', false)).toContain('kept for this session only');
    expect(keySavedMessage('desktop', false)).not.toContain('encrypted by the operating system');
  });
});
