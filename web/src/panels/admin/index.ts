/** The administrator's panels: users, agreements and tokens, the audit log and its verification. */
import { registerPanel } from '../registry.js'
import { mountAgreements } from './agreements.js'
import { mountApprovals } from './approvals.js'
import { mountAudit } from './audit.js'
import { mountUsers } from './users.js'

registerPanel({ id: 'admin-audit', title: 'Audit log', roles: ['admin'], order: 10, mount: mountAudit })
registerPanel({ id: 'admin-approvals', title: 'Approvals', roles: ['admin'], order: 15, mount: mountApprovals })
registerPanel({ id: 'admin-users', title: 'Users', roles: ['admin'], order: 20, mount: mountUsers })
registerPanel({ id: 'admin-agreements', title: 'Data-sharing agreements', tab: 'Agreements', roles: ['admin'], order: 30, mount: mountAgreements })
