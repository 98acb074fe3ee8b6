import { categoryOfEvent, visibleHistory } from './visible-history';
import type { CaseDataCategory } from './categories';

/** Issue 18: the events of the steps the seeds name are classified (an unclassified type is shown to almost no one). */
describe('the steps the seeds name in a history', () => {
  it('should classify each new event in the category of the record it belongs to', () => {
    expect(
      ['NeedsAssessmentContactMade', 'ServiceContactedAboutConcern', 'CloseWorkerTasksChecked', 'CaseChildrenNoted'].map(categoryOfEvent),
    ).toEqual(['routing', 'concern', 'meeting-record', 'meeting-record']);
  });

  it('should withhold the parents who made a needs-assessment contact from a reader who does not read identity', () => {
    const contact = {
      type: 'NeedsAssessmentContactMade',
      data: { madeAt: '2026-11-24T10:00:00.000Z', parents: ['Mari'], recipient: 'social care', content: 'x', madeBy: 'w-terhi' },
    };
    const routingOnly = new Set<CaseDataCategory>(['routing']);
    expect(visibleHistory([contact], routingOnly)).toEqual({
      events: [{ ...contact, data: { ...contact.data, parents: { withheld: 'identity' } } }],
      withheld: ['identity', 'concern', 'consents', 'meeting-record', 'joint-plan', 'follow-up'],
    });
    expect(visibleHistory([contact], new Set<CaseDataCategory>(['concern']))).toEqual({
      events: [],
      withheld: ['identity', 'routing', 'consents', 'meeting-record', 'joint-plan', 'follow-up'],
    });
  });
});
