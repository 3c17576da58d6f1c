import { Placeholder } from '../../ui/Placeholder.js';

/** Placeholder — planned outages: register, cancel. */
export default function Outages() {
  return <Placeholder title="nav.outages" />;
}
