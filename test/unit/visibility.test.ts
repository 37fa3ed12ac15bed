// Who sees which customer: every role × (own / served / same branch / other branch / no branch) × owner's setting.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { accessTo, ROLES, STAFF_VISIBILITIES, type Access, type Role, type StaffVisibility, type Viewer } from '../../src/domain/visibility.js';

const viewers: Record<Role, Viewer> = {
  owner: { staffId: 'o1', role: 'owner' },
  manager: { staffId: 'm1', role: 'manager', branchId: 'q1' },
  staff: { staffId: 's1', role: 'staff', branchId: 'q1' },
};

type Relation = 'managed' | 'served_other_branch' | 'same_branch' | 'other_branch' | 'no_branch';
const customers: Record<Relation, { customer: { branchId?: string; managerStaffId?: string }; served: (v: Viewer) => boolean }> = {
  // The viewer is the customer's managing staff member (in the viewer's branch).
  managed: { customer: { branchId: 'q1', managerStaffId: 's1' }, served: () => false },
  // The viewer logged a visit or call for a customer of another branch.
  served_other_branch: { customer: { branchId: 'q7', managerStaffId: 'x9' }, served: (v) => v.staffId === 's1' },
  same_branch: { customer: { branchId: 'q1', managerStaffId: 'x9' }, served: () => false },
  other_branch: { customer: { branchId: 'q7' }, served: () => false },
  no_branch: { customer: {}, served: () => false },
};

// [role, relation, own, masked, none]
const table: [Role, Relation, Access, Access, Access][] = [
  ['owner', 'managed', 'full', 'full', 'full'],
  ['owner', 'served_other_branch', 'full', 'full', 'full'],
  ['owner', 'same_branch', 'full', 'full', 'full'],
  ['owner', 'other_branch', 'full', 'full', 'full'],
  ['owner', 'no_branch', 'full', 'full', 'full'],
  ['manager', 'managed', 'full', 'full', 'full'],
  ['manager', 'served_other_branch', 'hidden', 'hidden', 'hidden'],
  ['manager', 'same_branch', 'full', 'full', 'full'],
  ['manager', 'other_branch', 'hidden', 'hidden', 'hidden'],
  ['manager', 'no_branch', 'full', 'full', 'full'],
  ['staff', 'managed', 'full', 'full', 'masked'],
  ['staff', 'served_other_branch', 'full', 'full', 'masked'],
  ['staff', 'same_branch', 'hidden', 'masked', 'hidden'],
  ['staff', 'other_branch', 'hidden', 'hidden', 'hidden'],
  ['staff', 'no_branch', 'hidden', 'masked', 'hidden'],
];

describe('accessTo', () => {
  it('has a row for every role × relation', () => {
    expect(table).toHaveLength(ROLES.length * Object.keys(customers).length);
  });

  describe.each(table)('%s looking at a %s customer', (role, relation, own, masked, none) => {
    const expected: Record<StaffVisibility, Access> = { own, masked, none };
    it.each(STAFF_VISIBILITIES.map((s) => [s]))('with staff visibility "%s"', (setting) => {
      const v = viewers[role];
      const c = customers[relation];
      expect(accessTo(v, c.customer, c.served(v), setting)).toBe(expected[setting]);
    });
  });

  it('shows a manager whose branch was never set only customers without a branch', () => {
    const m: Viewer = { staffId: 'm2', role: 'manager' };
    expect(accessTo(m, {}, false, 'own')).toBe('full');
    expect(accessTo(m, { branchId: 'q1' }, false, 'own')).toBe('hidden');
  });

  it('does not treat a customer with no manager as managed by a staff member with an empty id', () => {
    expect(accessTo({ staffId: '', role: 'staff', branchId: 'q1' }, { branchId: 'q1' }, false, 'own')).toBe('hidden');
  });

  const rank: Record<Access, number> = { hidden: 0, masked: 1, full: 2 };
  const arbViewer = fc.record({
    staffId: fc.constantFrom('s1', 's2', 'm1'),
    role: fc.constantFrom<Role>(...ROLES),
    branchId: fc.option(fc.constantFrom('q1', 'q7'), { nil: undefined }),
  });
  const arbCustomer = fc.record({
    branchId: fc.option(fc.constantFrom('q1', 'q7'), { nil: undefined }),
    managerStaffId: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
  });

  it('orders the settings: none never shows more than own, own never more than masked, nobody more than the owner', () => {
    fc.assert(
      fc.property(arbViewer, arbCustomer, fc.boolean(), (v, c, served) => {
        const none = rank[accessTo(v, c, served, 'none')];
        const own = rank[accessTo(v, c, served, 'own')];
        const masked = rank[accessTo(v, c, served, 'masked')];
        expect(none).toBeLessThanOrEqual(own);
        expect(own).toBeLessThanOrEqual(masked);
        expect(masked).toBeLessThanOrEqual(rank[accessTo({ ...v, role: 'owner' }, c, served, 'masked')]);
      }),
    );
  });

  it('never shows staff anything of another branch they have no link to', () => {
    fc.assert(
      fc.property(fc.constantFrom<StaffVisibility>(...STAFF_VISIBILITIES), (setting) => {
        expect(accessTo(viewers.staff, { branchId: 'q7', managerStaffId: 's2' }, false, setting)).toBe('hidden');
      }),
    );
  });
});
