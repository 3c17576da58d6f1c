import { type FragmentDefinitionNode, getOperationAST, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { executedRootFields } from './root-fields.js';

const rootFieldsOf = (source: string, variables?: Record<string, unknown>) => {
  const document = parse(source);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  return executedRootFields(operation, fragments, variables);
};

describe('executedRootFields', () => {
  it('names plain root fields once each, aliases or not', () => {
    expect(rootFieldsOf('mutation { a: closeIt { x } b: closeIt { x } openIt { x } }')).toEqual(['closeIt', 'openIt']);
  });

  it('sees through fragment spreads and inline fragments (nested too)', () => {
    expect(
      rootFieldsOf(`mutation { ...F ... on Mutation { transitionRequest { x } } }
        fragment F on Mutation { ...G }
        fragment G on Mutation { resolveIncident { x } }`),
    ).toEqual(['resolveIncident', 'transitionRequest']);
  });

  it('leaves out what @skip and @include leave out, with variables', () => {
    expect(
      rootFieldsOf(
        'mutation($s: Boolean!) { a @skip(if: $s) { x } b @include(if: false) { x } c @include(if: true) { x } }',
        {
          s: true,
        },
      ),
    ).toEqual(['c']);
  });
});
