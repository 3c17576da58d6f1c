import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { useMessages } from '../../i18n.js';
import { usePermission } from '../../viewer.js';

const messages = {
  fa: { link: 'ثبت شکایت درباره این درخواست' },
  en: { link: 'Register a complaint about this request' },
};

/** On a request's page: a complaint about it (`/complaints/new?request=<id>`), for those who register complaints. */
export function ComplainAboutRequest({ requestId }: { requestId: string }) {
  const m = useMessages(messages);
  const may = usePermission('complaints:register');
  if (!may) return null;
  return (
    <Anchor
      component={Link}
      to={`/complaints/new?request=${encodeURIComponent(requestId)}`}
      data-testid="request-complaint-link"
    >
      {m.link}
    </Anchor>
  );
}
