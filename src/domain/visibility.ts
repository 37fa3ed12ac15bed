// Who may see which customer (seed 000 via issue 4): owner everything, manager their branch, staff their own customers.
export type Role = 'owner' | 'manager' | 'staff';
export const ROLES: readonly Role[] = ['owner', 'manager', 'staff'];

/** The owner's setting for what staff see of customers that are not theirs. */
export type StaffVisibility = 'own' | 'masked' | 'none';
export const STAFF_VISIBILITIES: readonly StaffVisibility[] = ['own', 'masked', 'none'];

export interface Viewer {
  staffId: string;
  role: Role;
  branchId?: string;
}

/** full: the whole card; masked: name and masked phone only (the engine masks with maskPhone); hidden: as if absent. */
export type Access = 'full' | 'masked' | 'hidden';

/**
 * A customer without a branch belongs to every branch: a spa that never configured branches must still work
 * for its managers and staff. A customer WITH a branch is only "same branch" for a viewer of exactly that
 * branch, so a manager whose branch was never set sees only branch-less customers rather than everything.
 */
export function inViewerBranch(viewer: Viewer, customer: { branchId?: string }): boolean {
  if (!customer.branchId) return true;
  return customer.branchId === viewer.branchId;
}

/**
 * What `viewer` may see of `customer`. `servedByViewer` is whether the viewer logged a call or visit for this
 * customer (ActivityRepository.servedBy); `setting` is the owner's staff-visibility setting.
 */
export function accessTo(
  viewer: Viewer,
  customer: { branchId?: string; managerStaffId?: string },
  servedByViewer: boolean,
  setting: StaffVisibility,
): Access {
  if (viewer.role === 'owner') return 'full';
  const sameBranch = inViewerBranch(viewer, customer);
  if (viewer.role === 'manager') return sameBranch ? 'full' : 'hidden';

  // Staff: "their" customers are the ones they manage or have served (issue 4, seed 000), whatever the branch:
  // a technician who moved branch still sees the customers they looked after.
  const own = (customer.managerStaffId !== undefined && customer.managerStaffId === viewer.staffId) || servedByViewer;
  switch (setting) {
    case 'own':
      return own ? 'full' : 'hidden';
    case 'masked':
      if (own) return 'full';
      return sameBranch ? 'masked' : 'hidden';
    case 'none':
      // Seed 000: "even only see photo and name" — the strictest setting shows staff only the masked view
      // of their own customers, and nothing of anyone else.
      return own ? 'masked' : 'hidden';
    default: {
      const never: never = setting;
      throw new Error(`unknown staff visibility setting ${String(never)}`);
    }
  }
}
