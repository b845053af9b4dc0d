import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateSkew, rotatePoint, toScannedBox } from '../../main/core/ocr/deskew';
import { despeckle, invertDarkBands, removeRules, rotateGray, type GrayImage } from '../../main/core/ocr/image';
import { renderGray } from '../fixtures/scan/render-gray';
import { SAMPLES_DIR } from '../helpers/samples';

const SAMPLE = `${SAMPLES_DIR}doc003-emis.pdf`;

describe('skew estimation and correction', () => {
  let page: GrayImage;
  beforeAll(async () => {
    page = await renderGray(new Uint8Array(readFileSync(SAMPLE)), 1, 150);
  });

  it('finds no skew on a straight page', () => {
    expect(Math.abs(estimateSkew(page).degrees)).toBeLessThanOrEqual(0.05);
  });

  it.each([1.7, -2, 0.6, -0.9])('measures a page turned %s° within a tenth of a degree', (deg) => {
    const turned = rotateGray(page, deg);
    expect(Math.abs(estimateSkew(turned).degrees - deg)).toBeLessThanOrEqual(0.1);
  });

  it('straightens a turned page: turning it back by the estimate leaves no skew', () => {
    const turned = rotateGray(page, 1.4);
    const est = estimateSkew(turned).degrees;
    const straightened = rotateGray(turned, -est);
    expect(Math.abs(estimateSkew(straightened).degrees)).toBeLessThanOrEqual(0.08);
  });

  it('says nothing about a blank page', () => {
    const blank: GrayImage = { width: 600, height: 800, data: new Uint8Array(600 * 800).fill(255) };
    expect(estimateSkew(blank)).toEqual({ degrees: 0, inkPixels: 0 });
  });
});

describe('mapping boxes between the straightened page and the scan', () => {
  it('rotatePoint turns clockwise on screen and back again', () => {
    const p = rotatePoint(110, 50, 90, 50, 50);
    expect(p.x).toBeCloseTo(50, 6);
    expect(p.y).toBeCloseTo(110, 6);
    const back = rotatePoint(p.x, p.y, -90, 50, 50);
    expect(back.x).toBeCloseTo(110, 6);
    expect(back.y).toBeCloseTo(50, 6);
  });

  it('toScannedBox places a box where the turned scan shows it', () => {
    const box = { page: 1, x: 500, y: 100, width: 40, height: 10 };
    expect(toScannedBox(box, 0, 600, 800)).toEqual(box);
    const turned = toScannedBox(box, 2, 600, 800);
    // Right of and above the centre, turning clockwise moves the box down.
    const centre = rotatePoint(520, 105, 2, 300, 400);
    expect(turned.x + turned.width / 2).toBeCloseTo(centre.x, 1);
    expect(turned.y + turned.height / 2).toBeCloseTo(centre.y, 1);
    expect(turned.y).toBeGreaterThan(box.y);
    expect(turned.width).toBeGreaterThan(box.width);
  });
});

describe('despeckle', () => {
  const canvas = (): GrayImage => ({ width: 200, height: 100, data: new Uint8Array(200 * 100).fill(255) });
  const fill = (img: GrayImage, x0: number, y0: number, w: number, h: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = 0;
  };

  it('removes an isolated speck and keeps a full stop beside its word', () => {
    const img = canvas();
    fill(img, 20, 40, 40, 20); // a "word"
    fill(img, 63, 55, 4, 4); // its full stop, 3 px away
    fill(img, 150, 20, 3, 3); // dust, far from anything
    const out = despeckle(img, { maxArea: 60, clearance: 16 });
    expect(out.data[21 * 200 + 151]).toBe(255);
    expect(out.data[56 * 200 + 64]).toBe(0);
    expect(out.data[45 * 200 + 30]).toBe(0);
  });
});

describe('removeRules', () => {
  const page = (): GrayImage => ({ width: 400, height: 200, data: new Uint8Array(400 * 200).fill(255) });
  const fill = (img: GrayImage, x0: number, y0: number, w: number, h: number, v = 0) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = v;
  };
  const at = (img: GrayImage, x: number, y: number) => img.data[y * img.width + x];

  it('erases thin rules, light grey ones too, and keeps characters and filled bands', () => {
    const img = page();
    fill(img, 10, 50, 380, 2, 140); // a grey horizontal rule, lighter than the ink threshold
    fill(img, 200, 10, 2, 180, 40); // a dark vertical rule
    fill(img, 40, 40, 6, 20); // a letter's stem crossing the horizontal rule
    fill(img, 10, 120, 380, 20, 30); // a filled header band
    fill(img, 60, 80, 30, 5); // a short stroke: too short to be a rule
    const out = removeRules(img, { minLength: 70, maxThickness: 3 });
    expect(at(out, 100, 50)).toBe(255);
    expect(at(out, 200, 30)).toBe(255);
    expect(at(out, 42, 45)).toBe(0);
    expect(at(out, 100, 130)).toBe(30);
    expect(at(out, 70, 82)).toBe(0);
  });
});

describe('removeRules on shaded bands', () => {
  const page = (): GrayImage => ({ width: 400, height: 200, data: new Uint8Array(400 * 200).fill(255) });
  const fill = (img: GrayImage, x0: number, y0: number, w: number, h: number, v = 0) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = v;
  };
  const at = (img: GrayImage, x: number, y: number) => img.data[y * img.width + x];

  it('keeps the letters that touch the edge of a shaded heading band', () => {
    const img = page();
    fill(img, 10, 60, 380, 30, 190); // a light shaded heading band, darker than the rule threshold
    fill(img, 40, 70, 4, 19); // a letter's stem reaching to the band's bottom edge
    const out = removeRules(img, { minLength: 70, maxThickness: 3 });
    expect(at(out, 41, 88)).toBe(0);
    expect(at(out, 41, 86)).toBe(0);
    expect(at(out, 200, 89)).toBe(190);
  });

  it('still erases a double rule (two rules a pixel apart)', () => {
    const img = page();
    fill(img, 10, 100, 380, 2);
    fill(img, 10, 103, 380, 2);
    const out = removeRules(img, { minLength: 70, maxThickness: 3 });
    expect(at(out, 200, 100)).toBe(255);
    expect(at(out, 200, 104)).toBe(255);
  });
});

describe('invertDarkBands', () => {
  const page = (): GrayImage => ({ width: 400, height: 200, data: new Uint8Array(400 * 200).fill(250) });
  const fill = (img: GrayImage, x0: number, y0: number, w: number, h: number, v = 0) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = v;
  };
  const at = (img: GrayImage, x: number, y: number) => img.data[y * img.width + x];
  const opts = { minWidth: 70, minHeight: 20 };

  it('turns white text on a dark header band into dark text on paper', () => {
    const img = page();
    fill(img, 20, 120, 20, 10, 30); // ordinary dark text elsewhere on the page
    fill(img, 10, 40, 380, 40, 70); // a dark header band…
    fill(img, 30, 50, 4, 20, 250); // …with a white letter stem in it
    fill(img, 200, 50, 20, 4, 250); // …and a white bar
    const out = invertDarkBands(img, opts);
    expect(at(out, 31, 60)).toBeLessThan(60); // the letter is ink now
    expect(at(out, 210, 51)).toBeLessThan(60);
    expect(at(out, 100, 60)).toBe(255); // the band is paper
    expect(at(out, 25, 125)).toBe(30); // text outside the band is untouched
  });

  it('leaves bold words joined by an underline alone', () => {
    const img = page();
    // Heavy strokes with an underline beneath: inky, wide and a line tall, but no band.
    for (let x = 20; x < 150; x += 6) fill(img, x, 40, 5, 20, 20);
    fill(img, 20, 60, 130, 3, 20);
    const out = invertDarkBands(img, opts);
    expect(at(out, 22, 45)).toBe(20);
    expect(at(out, 25, 45)).toBe(250);
  });
});
