/**
 * A member of staff by their name (their account id on hover), never by the account id alone: the id shows only
 * when the company has no name for it (a system or an integrator that never signed in).
 */
export function PersonName({ name, subject }: { name: string | null | undefined; subject: string | null | undefined }) {
  if (name)
    return (
      <bdi title={subject ?? undefined} data-testid="person">
        {name}
      </bdi>
    );
  return (
    <bdi dir="ltr" data-testid="person" data-unnamed="true">
      {subject ?? ''}
    </bdi>
  );
}
