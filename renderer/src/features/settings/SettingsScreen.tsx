import { PageHeading } from '../../components/PageHeading';
import { useEffect, useState } from 'react';
import { ApiCallError, getApi } from '../../api';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { Radios } from '../../components/Radios';
import { Select } from '../../components/Select';
import { TextField } from '../../components/TextField';
import type { ProviderKind, Settings } from '../../core';
import { getSettingsMirror, mirrorSettings } from '../../db/settings-mirror';
import { useLive } from '../../state/live';
import { AppLockSettings } from './AppLockSettings';
import { DeleteEverything } from './DeleteEverything';
import { ProviderKeyForm } from './ProviderKeyForm';

type Mode = 'default' | 'rules' | 'ai' | 'auto';
type ProviderChoice = 'none' | ProviderKind;

interface Draft {
  mode: Mode;
  provider: ProviderChoice;
  model: string;
  baseUrl: string;
  azureEndpoint: string;
  azureDeployment: string;
  providerConcurrency: string;
  dailyTokenBudget: string;
  pdfHours: string;
  recordDays: string;
}

function toDraft(s: Settings): Draft {
  return {
    mode: s.extractorMode ?? 'default',
    provider: s.provider?.kind ?? 'none',
    model: s.provider?.model ?? 'gpt-4o-mini',
    baseUrl: s.provider?.baseUrl ?? '',
    azureEndpoint: s.provider?.azureEndpoint ?? '',
    azureDeployment: s.provider?.azureDeployment ?? '',
    providerConcurrency: String(s.providerConcurrency),
    dailyTokenBudget: String(s.dailyTokenBudget),
    pdfHours: String(s.retention.pdfHoursAfterApproval),
    recordDays: String(s.retention.recordDays),
  };
}

function whole(raw: string, min: number, max: number): number | null {
  const t = raw.replace(/[,\s]/g, '');
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

function isUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Checks the form and builds the settings to send, or lists what is wrong. */
function build(d: Draft, current: Settings): { settings: Partial<Settings> } | { errors: SummaryError[] } {
  const errors: SummaryError[] = [];
  const concurrency = whole(d.providerConcurrency, 1, 50);
  if (concurrency === null) errors.push({ target: 'providerConcurrency', message: 'Documents sent to the AI service at once must be a whole number from 1 to 50' });
  const budget = whole(d.dailyTokenBudget, 0, 100_000_000);
  if (budget === null) errors.push({ target: 'dailyTokenBudget', message: 'Daily token budget must be a whole number from 0 to 100,000,000' });
  const pdfHours = whole(d.pdfHours, 0, 24 * 365);
  if (pdfHours === null) errors.push({ target: 'pdfHours', message: 'Hours to keep PDFs must be a whole number from 0 to 8,760' });
  const recordDays = whole(d.recordDays, 1, 3650);
  if (recordDays === null) errors.push({ target: 'recordDays', message: 'Days to keep records must be a whole number from 1 to 3,650' });
  if (d.provider !== 'none' && d.provider !== 'azure' && !d.model.trim()) errors.push({ target: 'model', message: 'Enter the model name' });
  if (d.provider === 'compatible' && !isUrl(d.baseUrl.trim())) errors.push({ target: 'baseUrl', message: 'Enter the server address, like http://127.0.0.1:11434/v1' });
  if (d.provider === 'azure') {
    if (!isUrl(d.azureEndpoint.trim())) errors.push({ target: 'azureEndpoint', message: 'Enter the Azure OpenAI endpoint, like https://my-resource.openai.azure.com' });
    if (!d.azureDeployment.trim()) errors.push({ target: 'azureDeployment', message: 'Enter the Azure deployment name' });
  }
  if ((d.mode === 'ai' || d.mode === 'auto') && d.provider === 'none') errors.push({ target: 'provider', message: 'Choose an AI service to use AI extraction, or choose rules only' });
  if (errors.length) return { errors };

  const provider: Settings['provider'] =
    d.provider === 'none'
      ? null
      : {
          ...(current.provider ?? { azureApiVersion: '2024-10-21', timeoutMs: 60_000, recheckFlagged: false }),
          kind: d.provider,
          model: d.model.trim() || 'gpt-4o-mini',
          ...(d.provider === 'compatible' ? { baseUrl: d.baseUrl.trim() } : { baseUrl: undefined }),
          ...(d.provider === 'azure' ? { azureEndpoint: d.azureEndpoint.trim(), azureDeployment: d.azureDeployment.trim() } : { azureEndpoint: undefined, azureDeployment: undefined }),
        };
  return {
    settings: {
      extractorMode: d.mode === 'default' ? null : d.mode,
      provider,
      providerConcurrency: concurrency!,
      dailyTokenBudget: budget!,
      retention: { pdfHoursAfterApproval: pdfHours!, recordDays: recordDays! },
    },
  };
}

export function SettingsScreen() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const connected = useLive((s) => s.connected);

  useEffect(() => {
    let live = true;
    void getSettingsMirror().then((mirror) => {
      if (live && mirror) {
        setSettings((s) => s ?? mirror);
        setDraft((d) => d ?? toDraft(mirror));
      }
    });
    if (connected) {
      void getApi()
        .getSettings({})
        .then(({ settings: s }) => {
          if (!live) return;
          setSettings(s);
          setDraft(toDraft(s));
        });
    }
    return () => {
      live = false;
    };
  }, [connected]);

  if (!settings || !draft) {
    return (
      <>
        <PageHeading>Settings</PageHeading>
        <p className="nhsuk-body">Loading settings…</p>
      </>
    );
  }

  const errorFor = (target: string) => errors.find((e) => e.target === target)?.message ?? null;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(null);
    setDraft({ ...draft, [key]: value });
  };

  const save = async () => {
    const built = build(draft, settings);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setErrors([]);
    let res;
    try {
      res = await getApi().updateSettings({ settings: built.settings });
    } catch (err) {
      // Main refuses an address it will not send the key to (plain http beyond this computer).
      const issue = err instanceof ApiCallError ? (err.issues ?? []).join(' ') : '';
      const target = /azureEndpoint/.test(issue) ? 'azureEndpoint' : /baseUrl/.test(issue) ? 'baseUrl' : 'provider';
      setErrors([{ target, message: err instanceof Error ? err.message : 'The settings could not be saved' }]);
      return;
    }
    setSettings(res.settings);
    setDraft(toDraft(res.settings));
    await mirrorSettings(res.settings);
    setSaved(res.restartRequired ? 'Settings saved. Some changes take effect when SCR Extract next starts.' : 'Settings saved.');
  };

  return (
    <>
      <PageHeading>Settings</PageHeading>
      <ErrorSummary errors={errors} />
      {saved ? (
        <div className="nhsuk-inset-text" role="status" data-testid="settings-saved">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>{saved}</p>
        </div>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 className="nhsuk-heading-m">How documents are read</h2>
        <Radios<Mode>
          name="mode"
          legend="Extraction"
          value={draft.mode}
          onChange={(v) => set('mode', v)}
          options={[
            { value: 'default', label: 'Automatic', hint: 'Rules on this computer; with an AI service set up, the AI helps only where the rules are unsure.' },
            { value: 'rules', label: 'Rules only', hint: 'Nothing leaves this computer.' },
            { value: 'auto', label: 'Rules, with AI where the rules are unsure', hint: 'Only the unsure sections’ text is sent to the AI service.' },
            { value: 'ai', label: 'AI for every document', hint: 'Each document’s text is sent to the AI service.' },
          ]}
        />
        <Select<ProviderChoice>
          id="provider"
          label="AI service"
          value={draft.provider}
          onChange={(v) => set('provider', v)}
          error={errorFor('provider')}
          options={[
            { value: 'none', label: 'None' },
            { value: 'openai', label: 'OpenAI' },
            { value: 'azure', label: 'Azure OpenAI' },
            { value: 'compatible', label: 'OpenAI-compatible server (for example on your network)' },
          ]}
        />
        {draft.provider !== 'none' && draft.provider !== 'azure' ? (
          <TextField id="model" label="Model" width={20} value={draft.model} onChange={(v) => set('model', v)} error={errorFor('model')} spellCheck={false} autoComplete="off" />
        ) : null}
        {draft.provider === 'compatible' ? (
          <TextField id="baseUrl" label="Server address" hint="For example, http://127.0.0.1:11434/v1" value={draft.baseUrl} onChange={(v) => set('baseUrl', v)} error={errorFor('baseUrl')} spellCheck={false} autoComplete="off" />
        ) : null}
        {draft.provider === 'azure' ? (
          <>
            <TextField id="azureEndpoint" label="Azure OpenAI endpoint" hint="For example, https://my-resource.openai.azure.com" value={draft.azureEndpoint} onChange={(v) => set('azureEndpoint', v)} error={errorFor('azureEndpoint')} spellCheck={false} autoComplete="off" />
            <TextField id="azureDeployment" label="Deployment name" width={20} value={draft.azureDeployment} onChange={(v) => set('azureDeployment', v)} error={errorFor('azureDeployment')} spellCheck={false} autoComplete="off" />
          </>
        ) : null}

        <h2 className="nhsuk-heading-m">Limits</h2>
        <TextField
          id="providerConcurrency"
          label="Documents sent to the AI service at once"
          width={3}
          inputMode="numeric"
          value={draft.providerConcurrency}
          onChange={(v) => set('providerConcurrency', v)}
          error={errorFor('providerConcurrency')}
        />
        <TextField
          id="dailyTokenBudget"
          label="Daily token budget"
          hint="When this many tokens have been used today, documents wait for tomorrow instead of failing."
          width={10}
          inputMode="numeric"
          value={draft.dailyTokenBudget}
          onChange={(v) => set('dailyTokenBudget', v)}
          error={errorFor('dailyTokenBudget')}
        />

        <h2 className="nhsuk-heading-m">Keeping data</h2>
        <TextField
          id="pdfHours"
          label="Hours to keep a PDF after its record is approved"
          width={4}
          inputMode="numeric"
          value={draft.pdfHours}
          onChange={(v) => set('pdfHours', v)}
          error={errorFor('pdfHours')}
        />
        <TextField
          id="recordDays"
          label="Days to keep records"
          width={4}
          inputMode="numeric"
          value={draft.recordDays}
          onChange={(v) => set('recordDays', v)}
          error={errorFor('recordDays')}
        />
        <button type="submit" className="nhsuk-button">
          Save settings
        </button>
      </form>
      <ProviderKeyForm />
      <AppLockSettings />
      <DeleteEverything />
    </>
  );
}

