import { lazyScreen } from '../../lazy-screen';

/**
 * A record's own view (the PDF beside its fields) is a script of its own: the review list
 * that opens it is in the app's first script, this is not needed to show the list.
 */
export const recordViewScript = lazyScreen(() => import('./RecordView').then((m) => m.RecordView));
export const RecordView = recordViewScript.Screen;
