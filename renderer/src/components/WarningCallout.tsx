import type { ReactNode } from 'react';

/** The NHS warning callout, its label announced as "Important:" to screen readers. */
export function WarningCallout({
  title,
  heading = 'h2',
  testId,
  children,
}: {
  title: ReactNode;
  /** The label's heading level, so it fits the outline of the page it is on. */
  heading?: 'h2' | 'h3';
  testId?: string;
  children: ReactNode;
}) {
  const Heading = heading;
  return (
    <div className="nhsuk-warning-callout" data-testid={testId}>
      <Heading className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {title}
        </span>
      </Heading>
      {children}
    </div>
  );
}
