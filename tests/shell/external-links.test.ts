import { describe, expect, it, vi } from 'vitest';
import { isSafeExternalUrl, openExternalSafely } from '../../main/shell/external-links';

describe('vetted shell.openExternal', () => {
  it.each(['https://www.nhs.uk/', 'https://digital.nhs.uk/services/summary-care-records-scr?x=1#y'])('opens %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://www.nhs.uk/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://server/share/x.exe',
    'ms-msdt:/id PCWDiagnostic',
    'javascript:alert(1)',
    'https://user:pass@evil.example/',
    'app://scr/index.html',
    'HTTPS//missing-colon',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(openExternalSafely(shell, url)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('hands a safe link to the OS browser', () => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(openExternalSafely(shell, 'https://www.nhs.uk/')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.nhs.uk/');
  });
});
