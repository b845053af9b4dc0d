import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Box } from '../../core';
import { openPdf } from './pdf';
import { FIT, scaleOf, zoomIn, zoomOut, type Zoom } from './pdf-zoom';
import { PdfToolbar } from './PdfToolbar';

/** Where the middle of the view was, as a share of the page, so zooming keeps it in view. */
interface Anchor {
  x: number;
  y: number;
}

/**
 * The source document, one page at a time, with the boxes of the selected field drawn over
 * it. Boxes are in PDF points from the top-left, so they scale with the page (at any zoom)
 * and need no flip. With focus in the viewer, Page Up/Page Down turn pages and + - 0 zoom.
 */
export function PdfViewer({ blob, name, highlight, highlightLabel }: { blob: Blob | null; name: string; highlight: Box[]; highlightLabel: string }) {
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [pageNo, setPageNo] = useState(1);
  const [zoom, setZoom] = useState<Zoom>(FIT);
  // The size the page is shown at (set as soon as the canvas takes it, so boxes never lag the page) ...
  const [size, setSize] = useState<{ width: number; height: number; scale: number } | null>(null);
  // ... and whether its pixels are drawn.
  const [rendered, setRendered] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<Anchor | null>(null);
  const [frameWidth, setFrameWidth] = useState(0);

  useEffect(() => {
    if (!blob) return;
    let cancelled = false;
    let doc: PDFDocumentProxy | null = null;
    setFailed(false);
    openPdf(blob)
      .then((d) => {
        doc = d;
        if (cancelled) void d.destroy();
        else setPdf(d);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      void doc?.destroy();
    };
  }, [blob]);

  useEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setFrameWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Selecting a field printed on another page turns to that page.
  const target = highlight[0]?.page;
  useEffect(() => {
    if (target && pdf && target <= pdf.numPages) setPageNo(target);
  }, [target, pdf]);

  // A fixed zoom does not depend on the viewer's width: only 'fit' redraws when it changes.
  const laidOut = frameWidth > 0;
  const fitWidth = zoom.kind === 'fit' ? frameWidth : 0;
  useEffect(() => {
    if (!pdf || !canvasRef.current || !laidOut) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    setRendered(false);
    void pdf.getPage(pageNo).then((page) => {
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      const scale = scaleOf(zoom, base.width, fitWidth);
      const viewport = page.getViewport({ scale });
      const canvas = canvasRef.current!;
      // Draw at device resolution so small print stays sharp, display at CSS size.
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      setSize({ width: viewport.width, height: viewport.height, scale });
      keepInView(frameRef.current, anchor.current);
      anchor.current = null;
      task = page.render({ canvas, viewport: page.getViewport({ scale: scale * ratio }) });
      task.promise
        .then(() => {
          if (!cancelled) setRendered(true);
        })
        .catch(() => undefined);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, pageNo, zoom, fitWidth, laidOut]);

  const pages = pdf?.numPages ?? 0;
  const boxes = size ? highlight.filter((b) => b.page === pageNo) : [];

  // Bring the highlighted value into view inside the page frame (not the whole window).
  const first = boxes[0];
  const firstTop = first && size ? first.y * size.scale : null;
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame || firstTop === null) return;
    const top = firstTop;
    if (top < frame.scrollTop || top > frame.scrollTop + frame.clientHeight - 40) frame.scrollTop = Math.max(0, top - frame.clientHeight / 3);
  }, [firstTop, pageNo]);

  const turn = (to: number) => {
    if (to < 1 || to > pages || to === pageNo) return false;
    setPageNo(to);
    if (frameRef.current) frameRef.current.scrollTop = 0;
    return true;
  };

  const changeZoom = (next: Zoom | null) => {
    if (!next) return false;
    anchor.current = anchorOf(frameRef.current);
    setZoom(next);
    return true;
  };

  const shown = size?.scale ?? null;
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.target as HTMLElement).closest('input, textarea, select, [contenteditable="true"]')) return;
    let done = false;
    if (e.key === 'PageDown') done = turn(pageNo + 1);
    else if (e.key === 'PageUp') done = turn(pageNo - 1);
    else if ((e.key === '+' || e.key === '=') && shown !== null) done = changeZoom(zoomIn(shown));
    else if (e.key === '-' && shown !== null) done = changeZoom(zoomOut(shown));
    else if (e.key === '0') done = changeZoom(zoom.kind === 'fit' ? null : FIT);
    // At the first or last page Page Up/Down scroll the page as usual.
    if (done) e.preventDefault();
  };

  return (
    <section className="app-pdf" aria-labelledby="pdf-title" data-testid="pdf-viewer" onKeyDown={onKeyDown}>
      <div className="app-pdf__bar">
        <h2 className="nhsuk-heading-xs nhsuk-u-margin-bottom-0" id="pdf-title">
          {name}
        </h2>
        <PdfToolbar
          pageNo={pageNo}
          pages={pages}
          scale={shown}
          fitted={zoom.kind === 'fit'}
          hintId="pdf-keys"
          onPage={turn}
          onZoomIn={() => shown !== null && changeZoom(zoomIn(shown))}
          onZoomOut={() => shown !== null && changeZoom(zoomOut(shown))}
          onFit={() => changeZoom(FIT)}
        />
      </div>
      {/* Focusable so that keyboard users can scroll the page (arrow keys) like anyone else. */}
      <div
        className="app-pdf__frame"
        ref={frameRef}
        tabIndex={0}
        role="region"
        aria-label={`Document: ${name}`}
        aria-describedby={pages > 0 ? 'pdf-keys' : undefined}
        data-testid="pdf-frame"
      >
        {failed ? (
          <p className="nhsuk-body app-pdf__message">This document cannot be shown. The file may be damaged, protected or not a PDF.</p>
        ) : !blob ? (
          <p className="nhsuk-body app-pdf__message">The document is no longer stored on this computer.</p>
        ) : (
          <div className="app-pdf__page" data-rendered={size && rendered ? 'true' : 'false'} data-scale={size?.scale}>
            <canvas ref={canvasRef} role="img" aria-label={`Page ${pageNo} of ${pages || 1} of ${name}`} />
            {boxes.map((b, i) => (
              <div
                key={`${b.x}-${b.y}-${i}`}
                className="app-highlight"
                data-testid="highlight"
                aria-hidden="true"
                style={{ left: `${b.x * size!.scale - 3}px`, top: `${b.y * size!.scale - 3}px`, width: `${b.width * size!.scale + 6}px`, height: `${b.height * size!.scale + 6}px` }}
              />
            ))}
          </div>
        )}
      </div>
      <p className="nhsuk-u-visually-hidden" aria-live="polite">
        {highlightLabel}
      </p>
    </section>
  );
}

function anchorOf(frame: HTMLElement | null): Anchor | null {
  if (!frame || frame.scrollWidth === 0 || frame.scrollHeight === 0) return null;
  return {
    x: (frame.scrollLeft + frame.clientWidth / 2) / frame.scrollWidth,
    y: (frame.scrollTop + frame.clientHeight / 2) / frame.scrollHeight,
  };
}

function keepInView(frame: HTMLElement | null, at: Anchor | null): void {
  if (!frame || !at) return;
  frame.scrollLeft = Math.max(0, at.x * frame.scrollWidth - frame.clientWidth / 2);
  frame.scrollTop = Math.max(0, at.y * frame.scrollHeight - frame.clientHeight / 2);
}
