import { Placeholder } from '../../ui/Placeholder.js';

/** Placeholder — an operational unit's queue (unitQueue), live. */
export default function Queue() {
  return <Placeholder title="nav.queue" />;
}
