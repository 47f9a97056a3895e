/**
 * The role views this module registers with the panel registry (the shell imports it once):
 * drawing estates and patches (lead), casework (caseworker, lead), the commissioner's funding view
 * (commissioner, lead) and the partner's agreement and export (partner).
 */
import './draw/index.js'
import './caseworker/index.js'
import './commissioner/index.js'
import './partner/index.js'
