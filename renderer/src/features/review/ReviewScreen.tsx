import { RecordView } from './record-view-script';
import { ReviewList } from './ReviewList';
import { StartReviewing } from './StartReviewing';

export function ReviewScreen({ recordId }: { recordId: string | null }) {
  return recordId ? (
    <RecordView key={recordId} id={recordId} />
  ) : (
    <>
      <ReviewList />
      <StartReviewing />
    </>
  );
}
