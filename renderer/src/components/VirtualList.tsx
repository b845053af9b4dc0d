import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

/**
 * A scrolling list that only renders the rows in view, so 10,000 rows cost no more than
 * thirty. Rows are measured after render, so they may grow (an error message, a wrapped name).
 * Each row tells assistive technology where it is in the whole list.
 */
export function VirtualList<T>(props: {
  items: readonly T[];
  getKey(item: T, index: number): string;
  estimateSize: number;
  renderItem(item: T, index: number): ReactNode;
  label: string;
  className?: string;
  testId?: string;
}) {
  const { items, getKey, estimateSize, renderItem } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    getItemKey: (i) => getKey(items[i]!, i),
    overscan: 8,
    // Before layout the element has no size; this lets the first paint already show rows.
    initialRect: { width: 800, height: 640 },
  });
  const rows = virtualizer.getVirtualItems();
  return (
    <div ref={scrollRef} className={`app-virtual ${props.className ?? ''}`.trim()} data-testid={props.testId} tabIndex={-1}>
      <div role="list" aria-label={props.label} className="app-virtual__inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {rows.map((row) => (
          <div
            key={row.key}
            role="listitem"
            aria-setsize={items.length}
            aria-posinset={row.index + 1}
            data-index={row.index}
            ref={virtualizer.measureElement}
            className="app-virtual__row"
            style={{ transform: `translateY(${row.start}px)` }}
          >
            {renderItem(items[row.index]!, row.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
