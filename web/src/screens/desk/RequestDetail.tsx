import { Placeholder } from '../../ui/Placeholder.js';

/** Placeholder — one request by tracking code (/desk/:trackingCode): history, transitions. */
export default function RequestDetail() {
  return <Placeholder title="nav.desk" />;
}
