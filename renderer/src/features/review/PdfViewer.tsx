import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import type { Box } from '../../core';
import { openPdf } from './pdf';

/**
 * The source document, one page at a time, with the boxes of the selected field drawn over
 * it. Boxes are in PDF points from the top-left, so they scale with the page and need no flip.
 */
export function PdfViewer({ blob, name, highlight, highlightLabel }: { blob: Blob | null; name: string; highlight: Box[]; highlightLabel: string }) {
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [pageNo, setPageNo] = useState(1);
  const [size, setSize] = useState<{ width: number; height: number; scale: number } | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
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

  useEffect(() => {
    if (!pdf || !canvasRef.current || frameWidth === 0) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    void pdf.getPage(pageNo).then((page) => {
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      const scale = Math.min(2, frameWidth / base.width);
      const viewport = page.getViewport({ scale });
      const canvas = canvasRef.current!;
      // Draw at device resolution so small print stays sharp, display at CSS size.
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      task = page.render({ canvas, viewport: page.getViewport({ scale: scale * ratio }) });
      task.promise
        .then(() => {
          if (!cancelled) setSize({ width: viewport.width, height: viewport.height, scale });
        })
        .catch(() => undefined);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, pageNo, frameWidth]);

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
  return (
    <section className="app-pdf" aria-labelledby="pdf-title" data-testid="pdf-viewer">
      <div className="app-pdf__bar">
        <h2 className="nhsuk-heading-xs nhsuk-u-margin-bottom-0" id="pdf-title">
          {name}
        </h2>
        {pages > 1 ? (
          <div className="app-pdf__pager">
            <button type="button" className="app-link-button" disabled={pageNo <= 1} onClick={() => setPageNo((p) => p - 1)}>
              Previous page
            </button>
            <span aria-live="polite" data-testid="pdf-page">
              Page {pageNo} of {pages}
            </span>
            <button type="button" className="app-link-button" disabled={pageNo >= pages} onClick={() => setPageNo((p) => p + 1)}>
              Next page
            </button>
          </div>
        ) : pages === 1 ? (
          <span data-testid="pdf-page">Page 1 of 1</span>
        ) : null}
      </div>
      {/* Focusable so that keyboard users can scroll the page (arrow keys) like anyone else. */}
      <div className="app-pdf__frame" ref={frameRef} tabIndex={0} role="region" aria-label={`Document: ${name}`}>
        {failed ? (
          <p className="nhsuk-body app-pdf__message">This document cannot be shown. The file may be damaged, protected or not a PDF.</p>
        ) : !blob ? (
          <p className="nhsuk-body app-pdf__message">The document is no longer stored on this computer.</p>
        ) : (
          <div className="app-pdf__page" data-rendered={size ? 'true' : 'false'}>
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
