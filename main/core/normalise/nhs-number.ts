/**
 * NHS numbers: 10 digits, the last a modulus 11 check digit over the first nine with
 * weights 10..2. A remainder giving 10 means the number is invalid.
 */
export function nhsCheckDigit(first9: string): number | null {
  if (!/^\d{9}$/.test(first9)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === Number(digits[9]);
}

/** Pulls an NHS number out of text printed as '999 886 5085', '999-886-5085' or '9998865085'. */
export function findNhsNumberDigits(text: string): string | null {
  const m = text.match(/(?<!\d)(\d{3})[ \u00a0-]?(\d{3})[ \u00a0-]?(\d{4})(?!\d)/);
  return m ? `${m[1]}${m[2]}${m[3]}` : null;
}

/** '9998865085' → '999 886 5085' (the NHS's own display form). */
export function formatNhsNumber(digits: string, spaced: boolean): string {
  if (!spaced || !/^\d{10}$/.test(digits)) return digits;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
