/**
 * How large the page is drawn. 'fit' follows the viewer's width (and its resizing); a scale is
 * a fixed size, 1 being the page's own size in CSS pixels per PDF point. Highlight boxes are
 * in PDF points, so whatever the scale, they are multiplied by the same number as the page.
 */
export type Zoom = { kind: 'fit' } | { kind: 'scale'; scale: number };

/** The sizes zooming steps through, as PDF viewers offer them. */
export const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
export const MIN_SCALE = ZOOM_STEPS[0];
export const MAX_SCALE = ZOOM_STEPS[ZOOM_STEPS.length - 1]!;

export const FIT: Zoom = { kind: 'fit' };

/** The scale a zoom means for a page `pageWidth` points wide in a viewer `frameWidth` pixels wide. */
export function scaleOf(zoom: Zoom, pageWidth: number, frameWidth: number): number {
  if (zoom.kind === 'scale') return zoom.scale;
  return pageWidth > 0 && frameWidth > 0 ? frameWidth / pageWidth : 1;
}

/** The next step up from the scale shown now (fit to width is rarely a step), or null at the largest. */
export function zoomIn(current: number): Zoom | null {
  const next = ZOOM_STEPS.find((s) => s > current + 0.01);
  return next === undefined ? null : { kind: 'scale', scale: next };
}

export function zoomOut(current: number): Zoom | null {
  const next = [...ZOOM_STEPS].reverse().find((s) => s < current - 0.01);
  return next === undefined ? null : { kind: 'scale', scale: next };
}

/** '125%': the scale as people read zoom levels. */
export function zoomLabel(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}
