export function Footer({ version, mode }: { version: string; mode: 'desktop' | 'web' | null }) {
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container app-width">
        <div className="nhsuk-footer__meta">
          <p className="nhsuk-body-s">
            SCR Extract{version ? ` ${version}` : ''}
            {mode === 'web' ? ' · local web mode' : ''} · Records stay on this computer.
          </p>
        </div>
      </div>
    </footer>
  );
}
