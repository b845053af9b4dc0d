import { PageHeading } from '../../components/PageHeading';
import { useEffect, useState } from 'react';
import { ApiCallError, getApi } from '../../api';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { Radios } from '../../components/Radios';
import { Select } from '../../components/Select';
import { TextField } from '../../components/TextField';
import type { Settings } from '../../core';
import { getSettingsMirror, mirrorSettings } from '../../db/settings-mirror';
import { useLive } from '../../state/live';
import { AppLockSettings } from './AppLockSettings';
import { DeleteEverything } from './DeleteEverything';
import { ProviderKeyForm } from './ProviderKeyForm';
import { ExportFolderSettings } from './ExportFolderSettings';
import { WatchedFolderSettings } from './WatchedFolderSettings';

import { build, toDraft, type Draft, type Mode, type ProviderChoice } from './settings-form';

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
      <WatchedFolderSettings />
      <ExportFolderSettings />
      <AppLockSettings />
      <DeleteEverything />
    </>
  );
}

