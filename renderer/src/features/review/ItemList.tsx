import type { FullRecord } from '../../db/rows';
import { EditableField } from './EditableField';
import { ITEM_SPECS, LIST_LABEL, type ListKey } from './fields';
import { UndoNotice } from './UndoNotice';
import { removedName, useItemRemoval } from './use-item-removal';

/**
 * Allergies, medications or problems: each item a small group of fields, and a way to add one.
 * Removing an item can be undone: a notice takes the place of the last one removed, and once
 * it is undone, the one removed before it shows, back to the first removal since the record was opened.
 */
export function ItemList(props: {
  row: FullRecord;
  list: ListKey;
  onEdit(path: string, value: string | null): Promise<void>;
  onAdd(list: ListKey): Promise<void>;
}) {
  const { row, list } = props;
  const items = row.record[list] as unknown as Record<string, unknown>[];
  const label = LIST_LABEL[list];
  const titleId = `${list}-title`;
  const removal = useItemRemoval(row, list);
  const undoAt = removal.pending ? Math.min(removal.pending.item.index, items.length) : -1;
  const notice = removal.pending ? (
    <UndoNotice key="undo" what={removedName(removal.pending.item)} earlier={removal.pending.earlier} onUndo={() => void removal.undo()} buttonRef={removal.undoButton} />
  ) : null;
  return (
    <section aria-labelledby={titleId} className="app-section" data-testid={`list-${list}`}>
      <h2 className="nhsuk-heading-m" id={titleId}>
        {label.title} <span className="nhsuk-caption-m app-inline-caption">{items.length}</span>
      </h2>
      {items.length === 0 ? <p className="nhsuk-body">None recorded.</p> : null}
      {items.map((item, index) => {
        const name = `${label.one[0]!.toUpperCase()}${label.one.slice(1)} ${index + 1}`;
        return [
          index === undoAt ? notice : null,
          <fieldset className="nhsuk-fieldset app-item" key={`${list}-${index}`} data-testid="item">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{name}</legend>
            <div className="app-field-grid">
              {ITEM_SPECS[list].map((spec) => {
                const path = `${list}.${index}.${spec.key}`;
                return (
                  <EditableField
                    key={path}
                    spec={spec}
                    path={path}
                    value={item[spec.key]}
                    provenance={row.provenance[path]}
                    confidence={row.confidence[path]}
                    warnings={row.warnings.filter((w) => w.path === path)}
                    onCommit={(value) => props.onEdit(path, value)}
                  />
                );
              })}
            </div>
            <button type="button" className="app-link-button app-link-button--danger" onClick={() => void removal.remove(index)}>
              Remove {label.one} {index + 1}
            </button>
          </fieldset>,
        ];
      })}
      {undoAt === items.length ? notice : null}
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => void props.onAdd(list)}>
        Add {label.one === 'allergy' ? 'an allergy' : `a ${label.one}`}
      </button>
      <p className="nhsuk-u-visually-hidden" role="status" data-testid={`${list}-status`}>
        {removal.announce}
      </p>
    </section>
  );
}
