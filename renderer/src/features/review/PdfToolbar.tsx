import { MAX_SCALE, MIN_SCALE, zoomLabel } from './pdf-zoom';

/**
 * Page and zoom controls above the document. Each button says what it does, and the keys
 * that do the same while the viewer has focus are written beside them (and given to
 * assistive technology as aria-keyshortcuts).
 */
export function PdfToolbar(props: {
  pageNo: number;
  pages: number;
  scale: number | null;
  fitted: boolean;
  hintId: string;
  onPage(page: number): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onFit(): void;
}) {
  const { pageNo, pages, scale } = props;
  return (
    <div className="app-pdf__tools">
      {pages > 1 ? (
        <div className="app-pdf__pager">
          <button type="button" className="app-link-button" aria-keyshortcuts="PageUp" disabled={pageNo <= 1} onClick={() => props.onPage(pageNo - 1)}>
            Previous page
          </button>
          <span aria-live="polite" data-testid="pdf-page">
            Page {pageNo} of {pages}
          </span>
          <button type="button" className="app-link-button" aria-keyshortcuts="PageDown" disabled={pageNo >= pages} onClick={() => props.onPage(pageNo + 1)}>
            Next page
          </button>
        </div>
      ) : pages === 1 ? (
        <span data-testid="pdf-page">Page 1 of 1</span>
      ) : null}
      {pages > 0 ? (
        <div className="app-pdf__zoom" role="group" aria-label="Zoom">
          <button type="button" className="app-link-button" aria-keyshortcuts="-" disabled={scale === null || scale <= MIN_SCALE + 0.01} onClick={props.onZoomOut}>
            Zoom out
          </button>
          <span aria-live="polite" data-testid="pdf-zoom">
            {scale === null ? '' : `${zoomLabel(scale)}${props.fitted ? ' (fit to width)' : ''}`}
          </span>
          <button type="button" className="app-link-button" aria-keyshortcuts="+" disabled={scale === null || scale >= MAX_SCALE - 0.01} onClick={props.onZoomIn}>
            Zoom in
          </button>
          <button type="button" className="app-link-button" aria-keyshortcuts="0" disabled={props.fitted} onClick={props.onFit}>
            Fit to width
          </button>
        </div>
      ) : null}
      {pages > 0 ? (
        <p className="app-pdf__keys" id={props.hintId}>
          Keys in the document: <kbd>Page Up</kbd> and <kbd>Page Down</kbd> turn pages, <kbd>+</kbd> and <kbd>-</kbd> zoom, <kbd>0</kbd> fits to width.
        </p>
      ) : null}
    </div>
  );
}
