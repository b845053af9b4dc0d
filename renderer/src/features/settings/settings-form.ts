import { ProviderConfigSchema } from '../../../../main/core/contract/settings';
import type { ProviderKind, Settings } from '../../core';

/** The settings form as plain data: what the screen shows, and the settings it sends. */

/** As components/ErrorSummary takes them (kept here so this file has no JSX to compile). */
interface SummaryError {
  target: string;
  message: string;
}
export type Mode = 'default' | 'rules' | 'ai' | 'auto';
export type ProviderChoice = 'none' | ProviderKind;

export interface Draft {
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

export function toDraft(s: Settings): Draft {
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
export function build(d: Draft, current: Settings): { settings: Partial<Settings> } | { errors: SummaryError[] } {
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
          // A new provider starts from the schema's defaults (recheckFlagged on, as the engine's),
          // never from values written here that could drift from them.
          ...(current.provider ?? ProviderConfigSchema.parse({ kind: d.provider })),
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
