// Generated from the service's OpenAPI document by scripts/api-types.ts (npm run api:types). Do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is alive */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers, every migration has run and (embedded demo) the demo referrals are loaded */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/meta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service metadata for the web app */
        get: operations["getMeta"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in: sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token */
        post: operations["postSession"];
        /**
         * Sign out (ends the session)
         * @description Roles: caseworker, lead, commissioner, partner, admin.
         */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/agreement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A partner session chooses the data-sharing agreement it acts under (one of its organisation's agreements in force)
         * @description Needed when the organisation has several agreements in force: until one is chosen, partner reads answer 409 agreement-choice-needed. A partner token is bound to its agreement (400). Roles: partner.
         */
        post: operations["postSessionAgreement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user or partner token: role, organisation, scope, agreement, CSRF token
         * @description Roles: caseworker, lead, commissioner, partner, admin.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/areas/drawn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The estates and patches your organisation drew (the ones you may change)
         * @description Roles: lead.
         */
        get: operations["getAreasDrawn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/areas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current areas of one kind as a GeoJSON FeatureCollection (EPSG:4326) */
        get: operations["getAreas"];
        put?: never;
        /**
         * Draw an estate or patch (GeoJSON Polygon/MultiPolygon in lon/lat); locations inside it get its code
         * @description Roles: lead.
         */
        post: operations["postAreas"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/areas/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One current area by its code (GSS code for boroughs, wards and LSOAs) */
        get: operations["getAreasByCode"];
        put?: never;
        post?: never;
        /**
         * Delete an estate or patch your organisation drew; its locations lose its code
         * @description Roles: lead.
         */
        delete: operations["deleteAreasByCode"];
        options?: never;
        head?: never;
        /**
         * Rename or redraw an estate or patch your organisation drew
         * @description Roles: lead.
         */
        patch: operations["patchAreasByCode"];
        trace?: never;
    };
    "/api/v1/areas/overview.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current boroughs and their shared borders as one SVG picture (the web app shows it while the map starts)
         * @description Paths in Web Mercator metres (EPSG:3857) with y negated, as SVG draws it; the viewBox is the boroughs' extent. Simplified to 12 m, under a pixel up to zoom 12. `g.boroughs` holds a path per borough (`data-code`), `g.borders` one per shared border (`data-between`). No styling: the page colours it.
         */
        get: operations["getAreasOverviewSvg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which borough, ward, LSOA and estate hold a point, and the nearest other borough */
        get: operations["getLookup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/borders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shared borders: one pair as a Feature (`between=A,B`), or all of them as a FeatureCollection */
        get: operations["getBorders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/borders/zone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The border zone of two boroughs: the land within `distance` metres of their shared border, one feature per side
         * @description Cut by the database in EPSG:27700: the shared border buffered by `distance`, intersected with each of the two boroughs. Side 0 is the first borough of `between`. 404 when the two do not share a border.
         */
        get: operations["getBordersZone"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a bulk import of referrals: multipart/form-data with one file in field `file` (.csv or .geojson)
         * @description Answers 202 with the job id at once; poll GET /api/v1/imports/{id}. All or nothing; re-importing a file creates no duplicates. See docs/imports.md. Roles: lead.
         */
        post: operations["postImports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Status, progress and validation report of an import
         * @description Roles: lead.
         */
        get: operations["getImportsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Referrals, newest opened first, filtered (cross-boundary kinds included) and paged by cursor
         * @description Roles: lead, caseworker.
         */
        get: operations["getReferrals"];
        put?: never;
        /**
         * Create a referral with its located events (one transaction)
         * @description Roles: lead, caseworker.
         */
        post: operations["postReferrals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One referral with its locations and cross-boundary classification
         * @description Roles: lead, caseworker.
         */
        get: operations["getReferralsById"];
        put?: never;
        post?: never;
        /**
         * Delete a referral with its locations and exclusion zones
         * @description Roles: lead, caseworker.
         */
        delete: operations["deleteReferralsById"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a referral (locations have their own routes)
         * @description Roles: lead, caseworker.
         */
        patch: operations["patchReferralsById"];
        trace?: never;
    };
    "/api/v1/referrals/{id}/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a located event to a referral; the database assigns its areas
         * @description Roles: lead, caseworker.
         */
        post: operations["postReferralsByIdLocations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/locations/{locationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a located event
         * @description Roles: lead, caseworker.
         */
        delete: operations["deleteReferralsByIdLocationsByLocationId"];
        options?: never;
        head?: never;
        /**
         * Change a located event (lon and lat together); a moved point is reassigned its areas
         * @description Roles: lead, caseworker.
         */
        patch: operations["patchReferralsByIdLocationsByLocationId"];
        trace?: never;
    };
    "/api/v1/referrals/{id}/exclusion-zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The exclusion zones of a referral (GeoJSON in lon/lat)
         * @description Roles: lead, caseworker.
         */
        get: operations["getReferralsByIdExclusionZones"];
        put?: never;
        /**
         * Add an exclusion zone (GeoJSON Polygon or MultiPolygon in lon/lat) to a referral
         * @description Roles: lead, caseworker.
         */
        post: operations["postReferralsByIdExclusionZones"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/exclusion-zones/{zoneId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an exclusion zone
         * @description Roles: lead, caseworker.
         */
        delete: operations["deleteReferralsByIdExclusionZonesByZoneId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Distinct referrals per fixed area (borough, ward, LSOA, 250/500/1000 m hex) and month; perturbed for all but leads
         * @description Each cell and each total (per area, per month, grand) is the number of distinct referrals with a located event in it during the period: a referral located in two areas counts in both areas but once in the total. A lead sees exact counts. Every other reader sees counts perturbed by the cell-key method (docs/disclosure.md): never a value from 1 to k−1, the same value for the same referrals through every route, and only for a fixed period — one month, a calendar quarter or a financial year (April–March) — else 400 naming from. A partner may use only the fields its agreement lists (ward, month, programme, subjectRole, ageBand, kind) and hex or LSOA geographies only at its agreement's cell size under a generalised agreement, else 403. `suppressed` is always false: nothing is withheld. Roles: lead, caseworker, commissioner, partner.
         */
        get: operations["getStatsCounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/points": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Generalised points: located events snapped to the centre of a fixed grid cell, with their distinct referrals
         * @description For partners whose agreement allows generalised points (not aggregate-only ones), and for the organisation's staff. A lead gets exact counts (cells under k dropped); everyone else counts perturbed by the cell-key method (docs/disclosure.md; cells published as 0 dropped), for a fixed period (a month, a calendar quarter or a financial year). RFC 7946, lon/lat, 6 decimals. Roles: lead, caseworker, partner.
         */
        get: operations["getStatsPoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Users of your organisation
         * @description Roles: admin.
         */
        get: operations["getUsers"];
        put?: never;
        /**
         * Create a user in your organisation (password hashed with argon2id)
         * @description A commissioner or partner is created at once (201). A lead, caseworker or admin is a request another admin approves (202 with the request): see /api/v1/approvals. Roles: admin.
         */
        post: operations["postUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user: role, borough scope, disabled, unlock
         * @description Granting a lead, caseworker or admin role, or widening the borough scope (more boroughs, or from a list to every borough), is a request another admin approves (202 with the request); the rest of the change, and every narrowing, applies at once (200). Roles: admin.
         */
        patch: operations["patchUsersById"];
        trace?: never;
    };
    "/api/v1/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Agreements your organisation has made with partners
         * @description Roles: admin.
         */
        get: operations["getAgreements"];
        put?: never;
        /**
         * Request a data-sharing agreement: partner, boroughs, level, fields, k, validity
         * @description Every new agreement is a request another admin approves (202 with the request): see /api/v1/approvals. Roles: admin.
         */
        post: operations["postAgreements"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One agreement
         * @description Roles: admin.
         */
        get: operations["getAgreementsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change or end an agreement (validUntil)
         * @description Narrowing (fewer boroughs or fields, an earlier end, a higher k, no victims) applies at once (200). Any widening makes the whole change a request another admin approves (202 with the request). Roles: admin.
         */
        patch: operations["patchAgreementsById"];
        trace?: never;
    };
    "/api/v1/agreements/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Partner API tokens of an agreement (never the secrets)
         * @description Roles: admin.
         */
        get: operations["getAgreementsByIdTokens"];
        put?: never;
        /**
         * Request a partner API token bound to this agreement
         * @description A request another admin approves (202 with the request). Once approved, the requester fetches the token, once, with POST /api/v1/approvals/{id}/token. Roles: admin.
         */
        post: operations["postAgreementsByIdTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a partner API token
         * @description Roles: admin.
         */
        delete: operations["deleteAgreementsByIdTokensByTokenId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit entries of your organisation, newest first (page with before=<next>)
         * @description Roles: admin.
         */
        get: operations["getAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute the hash chain of the whole audit log and check it against the signed checkpoints; names the first broken row and the first failing checkpoint
         * @description ok is true only when the chain recomputes and every checkpoint in the service's AUDIT_CHECKPOINT_FILE has a valid MAC and its row still exists with its hash. The checkpoints' rows are looked up on the service's own connection (they may belong to any organisation); only ids and reasons are returned. Roles: admin.
         */
        get: operations["getAuditVerify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Approval requests of your organisation, pending first, newest first
         * @description Roles: admin.
         */
        get: operations["getApprovals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approvals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One approval request
         * @description Roles: admin.
         */
        get: operations["getApprovalsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approvals/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve another admin's request: the change is applied now, in the same transaction
         * @description 403 own-request for your own request (nobody approves their own); 409 not-pending when it was already decided or withdrawn. Roles: admin.
         */
        post: operations["postApprovalsByIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approvals/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject another admin's request (nothing changes)
         * @description Roles: admin.
         */
        post: operations["postApprovalsByIdReject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approvals/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw your own pending request
         * @description Roles: admin.
         */
        post: operations["postApprovalsByIdWithdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approvals/{id}/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch the secret of your approved partner token: shown this once, only its hash is kept
         * @description Only the admin who requested the token, only after another admin approved it, only once (409 after). The fetch is audited. Roles: admin.
         */
        post: operations["postApprovalsByIdToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/border-activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Monthly distinct referrals within D metres of the shared border of two boroughs, on each side
         * @description A located event counts on side X of the pair when it lies in X, its nearest other borough is the other one of the pair, and it is within `distance` metres of that border. Side, month and grand totals count the distinct referrals of their own set. Leads see exact counts at any distance. Every other reader sees counts perturbed by the cell-key method (docs/disclosure.md), only at the fixed bands 100, 200, 400, 800 m and for a fixed period (one month, a calendar quarter or a financial year), else 400. 404 when the two boroughs do not share a border. Roles: lead, caseworker, commissioner, partner.
         */
        get: operations["getAnalysisBorderActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Home borough → incident borough: distinct referrals per pair, as a matrix and as map lines
         * @description A referral counts in (H, D) when it has a home located in borough H recorded by the end of the period and an incident located in borough D during the whole months from–to; a referral with homes or incidents in several boroughs counts once in each pair. Origin, destination and grand totals count the distinct referrals of their own row, column or table (not sums of cells). Leads see exact counts for their organisation. Every other reader sees counts perturbed by the cell-key method (docs/disclosure.md): only boroughs in the caller's scope, never restricted referrals, victims only where an agreement allows, a fixed period (one month, a calendar quarter or a financial year) and, for a partner, only the filters its agreement lists. Roles: lead, caseworker, commissioner, partner.
         */
        get: operations["getAnalysisFlows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/clusters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * DBSCAN clusters of the organisation's exact located events (ST_ClusterDBSCAN), as convex hulls with sizes and boroughs (leads only)
         * @description Every located event of the organisation's referrals (never restricted ones) observed in the whole months from–to, filtered, clustered by PostGIS ST_ClusterDBSCAN in EPSG:27700 with radius `eps` metres and `minPoints` (a core point has at least minPoints events within eps, itself included); border points join the cluster met first in a fixed order (coordinates, referral, date, kind). Each cluster is returned as its convex hull in EPSG:4326 with the number of located events, of distinct referrals, and the boroughs its members lie in. Leads only: hulls are drawn around exact locations (a cluster of a few events pins where they are); every request is written to the audit log. Roles: lead.
         */
        get: operations["getAnalysisClusters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How well hotspots chosen on a training period anticipated a test period: hit rate, PAI, recapture rate, and a plain-English summary (leads only)
         * @description Cells: the fixed-origin hex grid of `size` metres over the study area (every cell whose centre lies in the chosen boroughs: boroughs=…, default the organisation's working boroughs; stated in studyArea). Counts: distinct referrals per cell (unit=events: located events; kind=: one location kind), over whole months, filtered. Hotspots: the cells with the most referrals in trainFrom–trainTo, taken in order while their area stays within `share` of the study area (cells with no referrals are never hotspots); cells with equal counts go by the training referrals of their six neighbours (more first), then west to east, south to north, and `ties` gives the PAI and hit rate any other choice among the tied cells would give. With N the test-period referrals (summed over cells), n those inside the hotspots, A the study area and a the hotspots' area: hit rate = n/N, PAI = (n/N)/(a/A), recapture rate index = (n_test/n_train)/(N_test/N_train). The test period must start after the training period ends. Leads only: the figures are computed on exact counts of the organisation. Roles: lead.
         */
        get: operations["getAnalysisEvaluate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/emerging": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Emerging hotspots: monthly Gi* per hex plus a Mann–Kendall trend, classed new, intensifying, persistent, diminishing, sporadic (leads only)
         * @description Study area: every hex of `size` metres whose centre lies in the chosen boroughs (boroughs=…; default the organisation's working boroughs, else the lead's scope, else every borough; stated in studyArea). For each whole month from–to (3 to 36 months), Gi* on the distinct referrals per cell (band in hex steps, the cell included), classes by Benjamini–Hochberg adjusted p (fdr=true); a cell is hot in a month at 90 % or more with z > 0, cold likewise with z < 0. Mann–Kendall on each cell's monthly z series, for cells with at least one event in the months (a cell empty throughout gets no trend and pattern none). The current month holds only its days so far: it is left out unless partial=true (partialMonth names it). Patterns (hot; cold mirrors them): new — hot in the final month only; intensifying — hot in the final month and in at least 90 % of months, z significantly increasing (MK p ≤ 0.05); persistent — the same with no significant trend; diminishing — the same with z significantly decreasing; sporadic — hot in the final month and some earlier month but under 90 %, never cold; none — anything else (including cells no longer hot in the final month). Features: cells with a pattern (all=true: every study-area cell). Leads only: z-scores are computed on exact monthly counts and could disclose small numbers to aggregate roles. Roles: lead.
         */
        get: operations["getAnalysisEmerging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/density": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Quartic kernel density surface of the organisation's located events on a square grid, for display (leads only)
         * @description Every located event of the organisation's referrals (never restricted ones) observed in the whole months from–to, filtered, each weight 1, smoothed with the quartic (biweight) kernel K(d) = 3/(πh²)·(1 − d²/h²)² for d < h (h = bandwidth), evaluated at the centres of square cells of cellSize metres (EPSG:27700, aligned to multiples of cellSize) covering every point ± h; the surface integrates to the number of events. Answer: the cells with a density above zero, in located events per km², as polygons in EPSG:4326. At most 100,000 grid cells per request (more: 400 naming cellSize). Leads only, and audited: a kernel surface is a smooth function of the exact coordinates — an isolated referral shows as a peak centred on its exact location whatever the bandwidth, densities are not counts that k-suppression could hide, and two surfaces with different filters can be subtracted to isolate one person; aggregate roles have hexbins and generalised points instead. Roles: lead.
         */
        get: operations["getAnalysisDensity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/study-area": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's working boroughs, the default study area of the hot-spot analyses
         * @description Roles: lead, admin.
         */
        get: operations["getAnalysisStudyArea"];
        /**
         * Set the organisation's working boroughs (administrators; an empty list means every borough)
         * @description Roles: admin.
         */
        put: operations["putAnalysisStudyArea"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/hexbins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Distinct referrals per hex of the fixed-origin grid over whole months, each hex with its borough shares
         * @description RFC 7946, lon/lat, 6 decimals. Leads see exact counts at any size from 100 to 1000 m and any whole-month range. Every other reader gets counts perturbed by the cell-key method (docs/disclosure.md; hexes published as 0 are left out; the total is the distinct referrals of the whole grid, perturbed on its own), only at the fixed sizes 250, 500 and 1000 m (a partner: its agreement's cell size) and for a fixed period (one month, a calendar quarter or a financial year), else 400. Roles: lead, caseworker, commissioner, partner.
         */
        get: operations["getAnalysisHexbins"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analysis/hotspots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Getis-Ord Gi* hotspots on hex counts, Benjamini–Hochberg classes, cross-border flags (leads only)
         * @description Study area: every hex whose centre lies in the chosen boroughs (boroughs=…; default the organisation's working boroughs, else the lead's scope, else every borough; stated in studyArea and summary). Gi* with binary distance-band weights (the cell itself included; band in hex steps, 1 = the cell and its six neighbours); z is rounded to 6 decimals. Classes hot/cold at 90/95/99 % from Benjamini–Hochberg adjusted p-values (fdr=true, the default) of a conditional permutation test (inference=permutation, the default: each cell's own count fixed, its neighbours drawn at random from the other cells, `permutations` times with a fixed `seed`; pseudo p = (M + 1)/(R + 1)), or of the normal approximation (inference=analytical). coldSpotsPossible says whether any cell could be cold at all. docs/analysis.md explains each step. Hotspot groups are connected cells of one sign; a group is cross-border when its cells cover two or more boroughs. Features: cells with a count or a class (all=true: every study-area cell). Leads only: z-scores are computed on exact counts and could disclose small numbers to aggregate roles. Roles: lead.
         */
        get: operations["getAnalysisHotspots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/funding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Funding report: each borough's share of the caseload by residence, activity or a weighted blend (JSON or CSV)
         * @description Each borough's part of the organisation's caseload over whole months, for agreeing how a cross-borough project is funded.
         *
         *     **What is counted.** The located events observed from the first day of `from` to the last day of `to` that the reader may count (the organisation's referrals, never restricted ones; for a commissioner or partner only events in the boroughs of their scope — so shares are of the caseload within that scope — and victims only where an agreement allows), in a borough in force, optionally of one `programme`.
         *
         *     **How a referral is counted** (every counted referral carries weight 1 in total, so `totals.count` is the number of referrals counted and the shares add up to 1):
         *     - `residence`: the borough of its latest `home` location in the period (ties: the lowest borough code) gets 1.
         *     - `activity`: 1 is shared equally between the distinct boroughs of its `incident`, `school` and `hangout` locations in the period (two boroughs: ½ each, however many events each has).
         *     - `blend`: `weight` × residence + (1 − `weight`) × activity (`weight` default 0.5); a referral with a residence but no activity in the period (or the reverse) gives that one the whole 1.
         *     A referral with nothing to count on the basis (e.g. no home location, for residence) is left out.
         *
         *     **Columns.** `count`: the weighted referrals of the borough; `share`: count ÷ totals.count; `referrals`: distinct referrals with a part in the borough; `crossBorough`: of those, the ones whose home/incident/school/hangout events lie in two or more boroughs (a multi-borough referral).
         *
         *     **Disclosure.** Leads see exact figures as above. Every other reader gets a report built only from counts the database publishes through the cell-key method (docs/disclosure.md): per borough `residents` (referrals whose latest home in the period is there) and `active` (referrals with an incident, school or hangout there), and `totals.count` (referrals counted), each perturbed on its own; a borough's `share` is `weight` × residents ÷ all residents + (1 − `weight`) × active ÷ all active, and its `count` is that share of `totals.count`. So shares are computed from published integers only, any two weights reveal nothing more, and figures may not add up. Aggregate readers choose `weight` from 0, 0.25, 0.5, 0.75, 1 and a fixed period (one month, a calendar quarter or a financial year); a partner filters by `programme` only when its agreement lists it. Only boroughs in the reader's scope are listed.
         *
         *     **CSV** (`format=csv`, or `Accept: text/csv`): columns `borough_code`, `borough_name`, `count`, `share`, `residents`, `active`, `referrals`, `cross_borough`, `suppressed`; a header row, one row per borough, then a total row with empty `borough_code` and `borough_name` `Total`; a value not published to the reader (a lead's `residents`/`active`, an aggregate reader's `referrals`/`cross_borough`) is an empty field. No comment lines. CSV downloads are audited (`exports.download`). Roles: lead, commissioner, partner.
         */
        get: operations["getReportsFunding"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/relocation-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a proposed relocation destination against the client's exclusion zones and current hotspots
         * @description For one of the reader's referrals (a lead: the organisation's; a caseworker: their own caseload — others are 404) and a destination in lon/lat: the destination's borough (400 outside the loaded boroughs); whether the move crosses boroughs, against the referral's latest relocation_from location or, without one, its latest home; the distance in metres from the destination to each of the client's exclusion zones (0 inside); and to the nearest current hotspot: a 250 m hex of class hot-95 or hot-99 (Getis-Ord Gi*, the cell and its six neighbours, Benjamini–Hochberg) over the last 3 whole months before this one for a lead, and for a caseworker (whose organisation-wide counts are perturbed and come only for fixed periods) over the last complete calendar quarter. A warning is given for each zone or hotspot the destination is inside or closer to than RELOCATION_WARN_M metres (the answer's thresholdM). The check reads exact locations and is audited (referrals.read). Roles: lead, caseworker.
         */
        post: operations["postRelocationCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/referrals.geojson": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Referral locations as an RFC 7946 FeatureCollection (lon/lat, 6 decimals, attribution as a foreign member)
         * @description Streamed from a database cursor (memory stays flat however many features leave). Leads: every located event of their organisation's referrals, exact; caseworkers: those of their caseload; partners: generalised cells (centre of a cell of the agreement's fixed size, with the distinct referrals perturbed by the cell-key method — docs/disclosure.md — and cells published as 0 left out) under their agreement: the fields and filters it lists, and a fixed period of observation (from = the first day and to = the last day of one month, a calendar quarter or a financial year). Restricted referrals are never exported. Every export is audited (exports.download) with its row count. Roles: lead, caseworker, partner.
         */
        get: operations["getExportsReferralsGeojson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/referrals.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Referral locations as CSV (id, lon, lat with 6 decimals, then the fields the caller may see)
         * @description Streamed from a database cursor (memory stays flat however many features leave). Leads: every located event of their organisation's referrals, exact; caseworkers: those of their caseload; partners: generalised cells (centre of a cell of the agreement's fixed size, with the distinct referrals perturbed by the cell-key method — docs/disclosure.md — and cells published as 0 left out) under their agreement: the fields and filters it lists, and a fixed period of observation (from = the first day and to = the last day of one month, a calendar quarter or a financial year). Restricted referrals are never exported. Every export is audited (exports.download) with its row count. Roles: lead, caseworker, partner.
         */
        get: operations["getExportsReferralsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OGC API – Features landing page */
        get: operations["getOgc"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc/api": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API definition of /ogc (OpenAPI 3.0), one items path per collection with its queryables */
        get: operations["getOgcApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc/conformance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Conformance classes: Features Parts 1–3, CQL2 text */
        get: operations["getOgcConformance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The collections the caller may see */
        get: operations["getOgcCollections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc/collections/{collectionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One collection */
        get: operations["getOgcCollectionsByCollectionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc/collections/{collectionId}/queryables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a collection may be filtered and sorted on (JSON Schema) */
        get: operations["getOgcCollectionsByCollectionIdQueryables"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc/collections/{collectionId}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Features of a collection: bbox, datetime, crs, CQL2 filter, queryable=value, sortby, properties, limit, paging by next links */
        get: operations["getOgcCollectionsByCollectionIdItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ogc/collections/{collectionId}/items/{featureId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One feature */
        get: operations["getOgcCollectionsByCollectionIdItemsByFeatureId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/areas.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * TileJSON of the boundaries tiles (public)
         * @description Tile URL template, zoom range, the service's extent and each MVT layer's fields with their types.
         */
        get: operations["getTilesAreasJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/hexbins.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * TileJSON of the hexbins tiles for a period and filters
         * @description The tile URL template carries the query given here (from, to and the filters), so every tile is of that period. Fields are those the caller's role receives. Roles: lead, caseworker, commissioner, partner.
         */
        get: operations["getTilesHexbinsJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/points.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * TileJSON of the points tiles for a period and filters
         * @description The tile URL template carries the query given here (from, to and the filters), so every tile is of that period. Fields are those the caller's role receives (partners: count of a generalised cell; staff: referralId, kind, month). Roles: lead, caseworker, partner.
         */
        get: operations["getTilesPointsJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/areas/style.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * MapLibre style of the boundaries (public)
         * @description Style version 8 over the boundaries TileJSON: fills and outlines of boroughs, wards, LSOAs, estates and patches; no background, no labels (no fonts needed).
         */
        get: operations["getTilesAreasStyleJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/areas/{z}/{x}/{y}.mvt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Boundaries as vector tiles (public)
         * @description MVT layers `boroughs` (z0+), `wards` (z10+), `lsoas` (z12+), `estates` (z11+), `patches` (z11+), each feature with `code` and `name`; areas in force, simplified to about one tile unit. Cache-Control public, max-age 3600, with an ETag.
         */
        get: operations["getTilesAreasByZByXByYMvt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/hexbins/{z}/{x}/{y}.mvt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Distinct referrals per hex of the fixed-origin grid, as vector tiles
         * @description MVT layer `hexbins`: one polygon per hex with `id` (H<size>:q:r), `count` (absent when suppressed) and `suppressed`. Hex size by zoom: z0–9: 2000 m, z10–11: 1000 m, z12–13: 500 m, z14–22: 250 m. Counts are precomputed (migration 0012): a referral counts once in a hex when it has a location there in the months from..to. Leads see exact counts; every other role the whole grid's table under primary and secondary suppression (as GET /api/v1/analysis/hexbins), within their disclosure scope. Private, revalidate with the ETag. Roles: lead, caseworker, commissioner, partner.
         */
        get: operations["getTilesHexbinsByZByXByYMvt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/points/{z}/{x}/{y}.mvt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Referral locations as vector tiles (z10+): exact for the organisation's staff, generalised for partners
         * @description MVT layer `points`. Leads (their organisation) and caseworkers (their caseload): one point per located event with `referralId`, `kind`, `month` (YYYY-MM); every tile read is audited with its feature count. Partners whose agreement is "generalised": centres of the fixed 250 m cells with at least k distinct referrals in scope, with `count`; an aggregate-only agreement answers 403. Commissioners and admins: 403 (no points at all). Restricted referrals are never drawn. Below z10: 400 (use hexbins). Exact tiles: Cache-Control no-store; partners' tiles: private, revalidate with the ETag. Roles: lead, caseworker, partner.
         */
        get: operations["getTilesPointsByZByXByYMvt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiles/{layer}/{z}/{x}/{y}.mvt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unknown tile layer: 400 */
        get: operations["getTilesByLayerByZByXByYMvt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/basemap/tiles/{z}/{x}/{y}.mvt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A street basemap tile (from the configured PMTiles file) */
        get: operations["getBasemapTilesByZByXByYMvt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Problem
         * @description application/problem+json (RFC 9457)
         */
        "def-0": {
            type: string;
            title: string;
            status: number;
            detail: string;
            instance?: string;
            code: string;
            errors?: {
                field: string;
                message: string;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready";
                        backend: string;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getMeta: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Embedded database with synthetic demo data */
                        demo: boolean;
                        backend: string;
                        attribution: string;
                        basemapStyleUrl: string | null;
                        /** @description The street basemap this service serves from its PMTiles file (BASEMAP_PMTILES); null without one */
                        basemap: {
                            /** @description Tile URL template on this service */
                            tiles: string;
                            minzoom: number;
                            maxzoom: number;
                            bounds: [
                                number,
                                number,
                                number,
                                number
                            ];
                        } | null;
                        boundaries: {
                            sources: string[];
                            /** @description True when running on the bundled simplified borough set */
                            simplified: boolean;
                            /** @description The boundary sets loaded, by kind */
                            sets: {
                                kind: string;
                                /** @description The file the set was loaded from */
                                source: string;
                                count: number;
                                /**
                                 * Format: date
                                 * @description First day in force
                                 */
                                validFrom: string | null;
                                /**
                                 * Format: date
                                 * @description First day no longer in force (null: current)
                                 */
                                validTo: string | null;
                                /**
                                 * Format: date
                                 * @description For a set the service ships: the day newer boundaries replaced it, though it is still the one loaded
                                 */
                                supersededOn: string | null;
                                /** @description What a user should know about the set, in words */
                                note: string | null;
                            }[];
                        };
                        /** @description Values the page shares with the service, so the two never disagree */
                        limits: {
                            /** @description D of border-zone activity (BORDER_ZONE_M): a location within this many metres of another borough */
                            borderZoneM: number;
                            /** @description Hex sizes a lead may choose (aggregate readers: disclosure.hexSizesM) */
                            hexSizeM: {
                                min: number;
                                max: number;
                            };
                        };
                        /** @description At first start the embedded demo serves the borough map at once and loads wards, LSOAs and its synthetic referrals behind it */
                        demoData: {
                            state: "none" | "loading" | "loaded" | "failed";
                            /** @description While loading: wards and LSOAs first, then referrals */
                            stage: "boundaries" | "referrals" | (never | null);
                            loaded: number;
                            of: number;
                        };
                        /** @description The disclosure rules of this instance (docs/disclosure.md) */
                        disclosure: {
                            /** @description No aggregate reader sees a count from 1 to k−1 (a partner's agreement may raise it) */
                            k: number;
                            /** @description Bound D of the zero-mean noise on published counts of k and more */
                            noise: number;
                            /** @description Hex sizes aggregate readers may use */
                            hexSizesM: number[];
                            /** @description Border bands aggregate readers may use */
                            borderBandsM: number[];
                            /** @description Periods aggregate readers may use: one calendar month, a calendar quarter, a financial year (April–March) */
                            periods: string[];
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            displayName: string;
                        } | null;
                        /** @enum {string} */
                        role: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                        organisation: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Borough scope of a commissioner or partner; null = unscoped */
                        boroughs: string[] | null;
                        agreement: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            level: string;
                            boroughs: string[];
                            fields: string[];
                            k: number;
                            includeVictims: boolean;
                            /** Format: date */
                            validFrom: string;
                            /** Format: date */
                            validUntil: string;
                            inForce: boolean;
                            /** @description The fixed cell size in metres of every cell the partner reads (generalised points, hexes, exports) */
                            cellM: number;
                        } | null;
                        /** @description A partner session with several agreements in force and none chosen: the ones to choose from (POST /api/v1/session/agreement); agreement is null until then */
                        agreementChoices?: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            owner: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            /** Format: date */
                            validUntil: string;
                        }[];
                        /** @description Send back as x-csrf-token on state-changing requests (null for token auth) */
                        csrfToken: string | null;
                        /** Format: date-time */
                        expiresAt: string | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postSessionAgreement: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    agreementId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            displayName: string;
                        } | null;
                        /** @enum {string} */
                        role: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                        organisation: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Borough scope of a commissioner or partner; null = unscoped */
                        boroughs: string[] | null;
                        agreement: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            level: string;
                            boroughs: string[];
                            fields: string[];
                            k: number;
                            includeVictims: boolean;
                            /** Format: date */
                            validFrom: string;
                            /** Format: date */
                            validUntil: string;
                            inForce: boolean;
                            /** @description The fixed cell size in metres of every cell the partner reads (generalised points, hexes, exports) */
                            cellM: number;
                        } | null;
                        /** @description A partner session with several agreements in force and none chosen: the ones to choose from (POST /api/v1/session/agreement); agreement is null until then */
                        agreementChoices?: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            owner: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            /** Format: date */
                            validUntil: string;
                        }[];
                        /** @description Send back as x-csrf-token on state-changing requests (null for token auth) */
                        csrfToken: string | null;
                        /** Format: date-time */
                        expiresAt: string | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            displayName: string;
                        } | null;
                        /** @enum {string} */
                        role: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                        organisation: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Borough scope of a commissioner or partner; null = unscoped */
                        boroughs: string[] | null;
                        agreement: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            level: string;
                            boroughs: string[];
                            fields: string[];
                            k: number;
                            includeVictims: boolean;
                            /** Format: date */
                            validFrom: string;
                            /** Format: date */
                            validUntil: string;
                            inForce: boolean;
                            /** @description The fixed cell size in metres of every cell the partner reads (generalised points, hexes, exports) */
                            cellM: number;
                        } | null;
                        /** @description A partner session with several agreements in force and none chosen: the ones to choose from (POST /api/v1/session/agreement); agreement is null until then */
                        agreementChoices?: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            owner: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            /** Format: date */
                            validUntil: string;
                        }[];
                        /** @description Send back as x-csrf-token on state-changing requests (null for token auth) */
                        csrfToken: string | null;
                        /** Format: date-time */
                        expiresAt: string | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAreasDrawn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        /** @description Licence attribution (a foreign member) */
                        attribution: string;
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id?: string;
                            /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                            geometry: {
                                type: string;
                                coordinates: unknown[];
                            };
                            properties: {
                                code: string;
                                name: string;
                                /** @enum {string} */
                                kind: "estate" | "patch";
                                /** @description The borough holding a point on its surface */
                                parentCode: string | null;
                                synthetic: boolean;
                                /** @enum {boolean} */
                                drawn: true;
                                /** @description Boroughs it overlaps (two or more: a straddling area) */
                                boroughs: string[];
                                areaM2: number;
                                /** Format: date-time */
                                drawnAt: string;
                                /** @description How many of your organisation's referral locations changed estate/patch code */
                                locationsReassigned?: number;
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAreas: {
        parameters: {
            query: {
                /** @description Kind of area */
                kind: "borough" | "ward" | "lsoa" | "estate" | "patch";
                /**
                 * @description minLon,minLat,maxLon,maxLat
                 * @example -0.22,51.51,-0.16,51.55
                 */
                bbox?: string;
                /** @description Boundary detail: `full` (default) every published vertex; `display` simplified to within 1 m for drawing (under a pixel up to zoom 17), about half the size; `overview` simplified to within 12 m (under a pixel up to zoom 12), what a map draws first */
                detail?: "full" | "display" | "overview";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        /** @description Licence attribution (a foreign member) */
                        attribution: string;
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id?: string;
                            /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                            geometry: {
                                type: string;
                                coordinates: unknown[];
                            };
                            properties: {
                                code: string;
                                name: string;
                                /**
                                 * @description Kind of area
                                 * @enum {string}
                                 */
                                kind: "borough" | "ward" | "lsoa" | "estate" | "patch";
                                parentCode: string | null;
                                /** @description True for demo estates and patches that are not real places */
                                synthetic: boolean;
                            };
                        }[];
                    };
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postAreas: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description estate or patch (boroughs, wards and LSOAs are only imported)
                     * @enum {string}
                     */
                    kind: "estate" | "patch";
                    /** @description e.g. "Church Street patch" */
                    name: string;
                    /** @description Chosen code; one is made (EST-…/PAT-…) when left out */
                    code?: string;
                    /** @description RFC 7946 Polygon or MultiPolygon in lon/lat; valid, 100 m² to 50 km², at most 5,000 positions, meeting a loaded borough */
                    geometry: {
                        /** @enum {string} */
                        type: "Polygon";
                        coordinates: [
                            number,
                            number
                        ][][];
                    } | {
                        /** @enum {string} */
                        type: "MultiPolygon";
                        coordinates: [
                            number,
                            number
                        ][][][];
                    };
                };
            };
        };
        responses: {
            /** @description The drawn area as a GeoJSON Feature */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "Feature";
                        id?: string;
                        /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                        geometry: {
                            type: string;
                            coordinates: unknown[];
                        };
                        properties: {
                            code: string;
                            name: string;
                            /** @enum {string} */
                            kind: "estate" | "patch";
                            /** @description The borough holding a point on its surface */
                            parentCode: string | null;
                            synthetic: boolean;
                            /** @enum {boolean} */
                            drawn: true;
                            /** @description Boroughs it overlaps (two or more: a straddling area) */
                            boroughs: string[];
                            areaM2: number;
                            /** Format: date-time */
                            drawnAt: string;
                            /** @description How many of your organisation's referral locations changed estate/patch code */
                            locationsReassigned?: number;
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAreasByCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "Feature";
                        id?: string;
                        /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                        geometry: {
                            type: string;
                            coordinates: unknown[];
                        };
                        properties: {
                            code: string;
                            name: string;
                            /**
                             * @description Kind of area
                             * @enum {string}
                             */
                            kind: "borough" | "ward" | "lsoa" | "estate" | "patch";
                            parentCode: string | null;
                            /** @description True for demo estates and patches that are not real places */
                            synthetic: boolean;
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    deleteAreasByCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        code: string;
                        locationsReassigned: number;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    patchAreasByCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description e.g. "Church Street patch" */
                    name?: string;
                    /** @description RFC 7946 Polygon or MultiPolygon in lon/lat; valid, 100 m² to 50 km², at most 5,000 positions, meeting a loaded borough */
                    geometry?: {
                        /** @enum {string} */
                        type: "Polygon";
                        coordinates: [
                            number,
                            number
                        ][][];
                    } | {
                        /** @enum {string} */
                        type: "MultiPolygon";
                        coordinates: [
                            number,
                            number
                        ][][][];
                    };
                };
            };
        };
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "Feature";
                        id?: string;
                        /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                        geometry: {
                            type: string;
                            coordinates: unknown[];
                        };
                        properties: {
                            code: string;
                            name: string;
                            /** @enum {string} */
                            kind: "estate" | "patch";
                            /** @description The borough holding a point on its surface */
                            parentCode: string | null;
                            synthetic: boolean;
                            /** @enum {boolean} */
                            drawn: true;
                            /** @description Boroughs it overlaps (two or more: a straddling area) */
                            boroughs: string[];
                            areaM2: number;
                            /** Format: date-time */
                            drawnAt: string;
                            /** @description How many of your organisation's referral locations changed estate/patch code */
                            locationsReassigned?: number;
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAreasOverviewSvg: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The picture */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getLookup: {
        parameters: {
            query: {
                /** @description WGS84 longitude */
                lon: number;
                /** @description WGS84 latitude */
                lat: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        borough: {
                            code: string;
                            name: string;
                        } | null;
                        ward: {
                            code: string;
                            name: string;
                        } | null;
                        lsoa: {
                            code: string;
                            name: string;
                        } | null;
                        estate: {
                            code: string;
                            name: string;
                        } | null;
                        nearestBorder: {
                            code: string;
                            name: string;
                            /** @description metres to the nearest other borough */
                            distanceM: number;
                        } | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getBorders: {
        parameters: {
            query?: {
                /** @description two borough codes, e.g. E09000005,E09000033 */
                between?: string;
                /** @description only the borders of this borough */
                borough?: string;
                /** @description Boundary detail: `full` (default) every published vertex; `display` simplified to within 1 m for drawing (under a pixel up to zoom 17), about half the size; `overview` simplified to within 12 m (under a pixel up to zoom 12), what a map draws first */
                detail?: "full" | "display" | "overview";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "Feature";
                        id?: string;
                        /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                        geometry: {
                            type: string;
                            coordinates: unknown[];
                        };
                        properties: {
                            between: [
                                string,
                                string
                            ];
                            names: [
                                string,
                                string
                            ];
                            /** @description length of the shared line in metres */
                            lengthM: number;
                        };
                    } | {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        /** @description Licence attribution (a foreign member) */
                        attribution: string;
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id?: string;
                            /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                            geometry: {
                                type: string;
                                coordinates: unknown[];
                            };
                            properties: {
                                between: [
                                    string,
                                    string
                                ];
                                names: [
                                    string,
                                    string
                                ];
                                /** @description length of the shared line in metres */
                                lengthM: number;
                            };
                        }[];
                    };
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getBordersZone: {
        parameters: {
            query: {
                /** @description two borough codes, e.g. E09000005,E09000033 */
                between: string;
                /** @description Metres from the border */
                distance?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        /** @description Licence attribution (a foreign member) */
                        attribution: string;
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id?: string;
                            /** @description RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals */
                            geometry: {
                                type: string;
                                coordinates: unknown[];
                            };
                            properties: {
                                /** @description 0 for the first borough of `between`, 1 for the second */
                                side: 0 | 1;
                                code: string;
                                name: string;
                                /** @description e.g. "Brent side" */
                                label: string;
                            };
                        }[];
                    };
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postImports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getImportsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        fileName: string;
                        /** @enum {string} */
                        format: "csv" | "geojson";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "failed";
                        /** @description queued, reading, checking, writing or done */
                        phase: string | null;
                        /** @description Data rows read so far */
                        processed: number;
                        /** @description Referrals created */
                        inserted: number;
                        /** @description Existing referrals (same external_id) whose fields or locations the file replaced */
                        updated: number;
                        /** @description Existing referrals identical to the file */
                        unchanged: number;
                        /** @description Located events written */
                        locations: number;
                        /** @description All errors found; `errors` lists the first 1000 by row */
                        errorCount: number;
                        errors: {
                            /** @description CSV: the row as a spreadsheet numbers it (header = row 1). GeoJSON: 1-based feature position. 0 = the file as a whole. */
                            row: number;
                            field: string;
                            message: string;
                        }[];
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        startedAt: string | null;
                        /** Format: date-time */
                        finishedAt: string | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getReferrals: {
        parameters: {
            query?: {
                /** @description Opened on or after (YYYY-MM-DD, years 2000–2099) */
                from?: string;
                /** @description Opened on or before (YYYY-MM-DD, years 2000–2099) */
                to?: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Any location in this borough */
                borough?: string;
                multiBorough?: boolean;
                fundingMismatch?: boolean;
                /**
                 * @description A location within D metres of this border pair
                 * @example E09000005,E09000033
                 */
                borderZone?: string;
                /** @description A location in an estate or patch meeting two or more boroughs */
                straddling?: boolean;
                subjectRole?: "at_risk" | "victim" | "both";
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                status?: "open" | "paused" | "closed";
                /** @description D of border-zone activity, metres (default from config) */
                borderZoneM?: number;
                limit?: number;
                /** @description Opaque: `next` of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            externalId: string;
                            programme: string;
                            /** @enum {string} */
                            subjectRole: "at_risk" | "victim" | "both";
                            /** @enum {string} */
                            ageBand: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                            /** @enum {string|null} */
                            referralSource: "school" | "police" | "youth_offending_team" | "social_care" | "health" | "self" | "family" | "community" | "other" | null;
                            fundingBorough: string;
                            /** @enum {string} */
                            status: "open" | "paused" | "closed";
                            openedOn: string;
                            closedOn: string | null;
                            /** @enum {string|null} */
                            riskLevel: "low" | "medium" | "high" | null;
                            restricted: boolean;
                            /** Format: uuid */
                            caseworkerId: string | null;
                            locations: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                                lon: number;
                                lat: number;
                                observedOn: string;
                                /** @enum {string} */
                                precision: "exact" | "postcode" | "street" | "area";
                                borough: string | null;
                                ward: string | null;
                                lsoa: string | null;
                                estate: string | null;
                                patch: string | null;
                                nearestBorder: {
                                    code: string;
                                    /** @description metres to the nearest other borough */
                                    distanceM: number;
                                } | null;
                            }[];
                            crossBoundary: {
                                /** @description Locations fall in two or more boroughs */
                                multiBorough: boolean;
                                boroughs: string[];
                                /** @description The funding borough differs from a borough of residence or activity */
                                fundingMismatch: boolean;
                                /** @description Border pairs with a location within D metres */
                                borderZone: {
                                    between: [
                                        string,
                                        string
                                    ];
                                    /** @description closest location to that border, metres */
                                    distanceM: number;
                                }[];
                                /** @description Estates and patches meeting two or more boroughs that hold a location */
                                straddlingAreas: string[];
                            };
                        }[];
                        /** @description Cursor of the next page, null on the last */
                        next: string | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postReferrals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Pseudonymous client reference, never a name */
                    externalId: string;
                    /**
                     * @description Programme slug
                     * @example mentoring
                     */
                    programme: string;
                    /**
                     * @description Victims must never be confused with people at risk of offending
                     * @enum {string}
                     */
                    subjectRole: "at_risk" | "victim" | "both";
                    /** @enum {string} */
                    ageBand: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                    /**
                     * @description GSS code of a loaded borough
                     * @example E09000033
                     */
                    fundingBorough: string;
                    /**
                     * Format: date
                     * @description Date the referral was opened (YYYY-MM-DD, years 2000–2099)
                     */
                    openedOn: string;
                    /** @enum {string} */
                    referralSource?: "school" | "police" | "youth_offending_team" | "social_care" | "health" | "self" | "family" | "community" | "other";
                    /** @enum {string} */
                    status?: "open" | "paused" | "closed";
                    /**
                     * Format: date
                     * @description Date the referral was closed (YYYY-MM-DD, years 2000–2099)
                     */
                    closedOn?: string;
                    /** @enum {string} */
                    riskLevel?: "low" | "medium" | "high";
                    /** @description Processing restricted: left out of analysis and exports */
                    restricted?: boolean;
                    /**
                     * Format: uuid
                     * @description The caseworker whose caseload it is (set by leads; a caseworker's own referrals are theirs)
                     */
                    caseworkerId?: string;
                    locations?: {
                        /** @enum {string} */
                        kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                        /** @description WGS84 longitude */
                        lon: number;
                        /** @description WGS84 latitude */
                        lat: number;
                        /**
                         * Format: date
                         * @description Date of the event (YYYY-MM-DD, years 2000–2099)
                         */
                        observedOn: string;
                        /** @enum {string} */
                        precision: "exact" | "postcode" | "street" | "area";
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        externalId: string;
                        programme: string;
                        /** @enum {string} */
                        subjectRole: "at_risk" | "victim" | "both";
                        /** @enum {string} */
                        ageBand: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                        /** @enum {string|null} */
                        referralSource: "school" | "police" | "youth_offending_team" | "social_care" | "health" | "self" | "family" | "community" | "other" | null;
                        fundingBorough: string;
                        /** @enum {string} */
                        status: "open" | "paused" | "closed";
                        openedOn: string;
                        closedOn: string | null;
                        /** @enum {string|null} */
                        riskLevel: "low" | "medium" | "high" | null;
                        restricted: boolean;
                        /** Format: uuid */
                        caseworkerId: string | null;
                        locations: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                            lon: number;
                            lat: number;
                            observedOn: string;
                            /** @enum {string} */
                            precision: "exact" | "postcode" | "street" | "area";
                            borough: string | null;
                            ward: string | null;
                            lsoa: string | null;
                            estate: string | null;
                            patch: string | null;
                            nearestBorder: {
                                code: string;
                                /** @description metres to the nearest other borough */
                                distanceM: number;
                            } | null;
                        }[];
                        crossBoundary: {
                            /** @description Locations fall in two or more boroughs */
                            multiBorough: boolean;
                            boroughs: string[];
                            /** @description The funding borough differs from a borough of residence or activity */
                            fundingMismatch: boolean;
                            /** @description Border pairs with a location within D metres */
                            borderZone: {
                                between: [
                                    string,
                                    string
                                ];
                                /** @description closest location to that border, metres */
                                distanceM: number;
                            }[];
                            /** @description Estates and patches meeting two or more boroughs that hold a location */
                            straddlingAreas: string[];
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getReferralsById: {
        parameters: {
            query?: {
                /** @description D of border-zone activity, metres (default from config) */
                borderZoneM?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        externalId: string;
                        programme: string;
                        /** @enum {string} */
                        subjectRole: "at_risk" | "victim" | "both";
                        /** @enum {string} */
                        ageBand: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                        /** @enum {string|null} */
                        referralSource: "school" | "police" | "youth_offending_team" | "social_care" | "health" | "self" | "family" | "community" | "other" | null;
                        fundingBorough: string;
                        /** @enum {string} */
                        status: "open" | "paused" | "closed";
                        openedOn: string;
                        closedOn: string | null;
                        /** @enum {string|null} */
                        riskLevel: "low" | "medium" | "high" | null;
                        restricted: boolean;
                        /** Format: uuid */
                        caseworkerId: string | null;
                        locations: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                            lon: number;
                            lat: number;
                            observedOn: string;
                            /** @enum {string} */
                            precision: "exact" | "postcode" | "street" | "area";
                            borough: string | null;
                            ward: string | null;
                            lsoa: string | null;
                            estate: string | null;
                            patch: string | null;
                            nearestBorder: {
                                code: string;
                                /** @description metres to the nearest other borough */
                                distanceM: number;
                            } | null;
                        }[];
                        crossBoundary: {
                            /** @description Locations fall in two or more boroughs */
                            multiBorough: boolean;
                            boroughs: string[];
                            /** @description The funding borough differs from a borough of residence or activity */
                            fundingMismatch: boolean;
                            /** @description Border pairs with a location within D metres */
                            borderZone: {
                                between: [
                                    string,
                                    string
                                ];
                                /** @description closest location to that border, metres */
                                distanceM: number;
                            }[];
                            /** @description Estates and patches meeting two or more boroughs that hold a location */
                            straddlingAreas: string[];
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    deleteReferralsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    patchReferralsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Pseudonymous client reference, never a name */
                    externalId?: string;
                    /**
                     * @description Programme slug
                     * @example mentoring
                     */
                    programme?: string;
                    /**
                     * @description Victims must never be confused with people at risk of offending
                     * @enum {string}
                     */
                    subjectRole?: "at_risk" | "victim" | "both";
                    /** @enum {string} */
                    ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                    /**
                     * @description GSS code of a loaded borough
                     * @example E09000033
                     */
                    fundingBorough?: string;
                    /**
                     * Format: date
                     * @description Date the referral was opened (YYYY-MM-DD, years 2000–2099)
                     */
                    openedOn?: string;
                    /** @enum {string|null} */
                    referralSource?: "school" | "police" | "youth_offending_team" | "social_care" | "health" | "self" | "family" | "community" | "other" | null;
                    /** @enum {string} */
                    status?: "open" | "paused" | "closed";
                    /**
                     * Format: date
                     * @description Date the referral was closed (YYYY-MM-DD, years 2000–2099)
                     */
                    closedOn?: string | null;
                    /** @enum {string|null} */
                    riskLevel?: "low" | "medium" | "high" | null;
                    /** @description Processing restricted: left out of analysis and exports */
                    restricted?: boolean;
                    /**
                     * Format: uuid
                     * @description The caseworker whose caseload it is (set by leads; a caseworker's own referrals are theirs)
                     */
                    caseworkerId?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        externalId: string;
                        programme: string;
                        /** @enum {string} */
                        subjectRole: "at_risk" | "victim" | "both";
                        /** @enum {string} */
                        ageBand: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                        /** @enum {string|null} */
                        referralSource: "school" | "police" | "youth_offending_team" | "social_care" | "health" | "self" | "family" | "community" | "other" | null;
                        fundingBorough: string;
                        /** @enum {string} */
                        status: "open" | "paused" | "closed";
                        openedOn: string;
                        closedOn: string | null;
                        /** @enum {string|null} */
                        riskLevel: "low" | "medium" | "high" | null;
                        restricted: boolean;
                        /** Format: uuid */
                        caseworkerId: string | null;
                        locations: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                            lon: number;
                            lat: number;
                            observedOn: string;
                            /** @enum {string} */
                            precision: "exact" | "postcode" | "street" | "area";
                            borough: string | null;
                            ward: string | null;
                            lsoa: string | null;
                            estate: string | null;
                            patch: string | null;
                            nearestBorder: {
                                code: string;
                                /** @description metres to the nearest other borough */
                                distanceM: number;
                            } | null;
                        }[];
                        crossBoundary: {
                            /** @description Locations fall in two or more boroughs */
                            multiBorough: boolean;
                            boroughs: string[];
                            /** @description The funding borough differs from a borough of residence or activity */
                            fundingMismatch: boolean;
                            /** @description Border pairs with a location within D metres */
                            borderZone: {
                                between: [
                                    string,
                                    string
                                ];
                                /** @description closest location to that border, metres */
                                distanceM: number;
                            }[];
                            /** @description Estates and patches meeting two or more boroughs that hold a location */
                            straddlingAreas: string[];
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postReferralsByIdLocations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                    /** @description WGS84 longitude */
                    lon: number;
                    /** @description WGS84 latitude */
                    lat: number;
                    /**
                     * Format: date
                     * @description Date of the event (YYYY-MM-DD, years 2000–2099)
                     */
                    observedOn: string;
                    /** @enum {string} */
                    precision: "exact" | "postcode" | "street" | "area";
                };
            };
        };
        responses: {
            /** @description A located event; area codes are assigned by the database */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                        lon: number;
                        lat: number;
                        observedOn: string;
                        /** @enum {string} */
                        precision: "exact" | "postcode" | "street" | "area";
                        borough: string | null;
                        ward: string | null;
                        lsoa: string | null;
                        estate: string | null;
                        patch: string | null;
                        nearestBorder: {
                            code: string;
                            /** @description metres to the nearest other borough */
                            distanceM: number;
                        } | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    deleteReferralsByIdLocationsByLocationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    patchReferralsByIdLocationsByLocationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind?: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                    /** @description WGS84 longitude */
                    lon?: number;
                    /** @description WGS84 latitude */
                    lat?: number;
                    /**
                     * Format: date
                     * @description Date of the event (YYYY-MM-DD, years 2000–2099)
                     */
                    observedOn?: string;
                    /** @enum {string} */
                    precision?: "exact" | "postcode" | "street" | "area";
                } & ((unknown | {
                    /** @description WGS84 longitude */
                    lon: number;
                    /** @description WGS84 latitude */
                    lat: number;
                }) & (unknown | {
                    /** @description WGS84 latitude */
                    lat: number;
                    /** @description WGS84 longitude */
                    lon: number;
                }));
            };
        };
        responses: {
            /** @description A located event; area codes are assigned by the database */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                        lon: number;
                        lat: number;
                        observedOn: string;
                        /** @enum {string} */
                        precision: "exact" | "postcode" | "street" | "area";
                        borough: string | null;
                        ward: string | null;
                        lsoa: string | null;
                        estate: string | null;
                        patch: string | null;
                        nearestBorder: {
                            code: string;
                            /** @description metres to the nearest other borough */
                            distanceM: number;
                        } | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getReferralsByIdExclusionZones: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @description As stored: a MultiPolygon, 6 decimals */
                            geometry: {
                                /** @enum {string} */
                                type: "MultiPolygon";
                                coordinates: unknown[];
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postReferralsByIdExclusionZones: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description e.g. the estate or street the client agreed to avoid */
                    name: string;
                    /** @description RFC 7946 Polygon or MultiPolygon in lon/lat */
                    geometry: {
                        /** @enum {string} */
                        type: "Polygon";
                        coordinates: [
                            number,
                            number
                        ][][];
                    } | {
                        /** @enum {string} */
                        type: "MultiPolygon";
                        coordinates: [
                            number,
                            number
                        ][][][];
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        /** @description As stored: a MultiPolygon, 6 decimals */
                        geometry: {
                            /** @enum {string} */
                            type: "MultiPolygon";
                            coordinates: unknown[];
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    deleteReferralsByIdExclusionZonesByZoneId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                zoneId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getStatsCounts: {
        parameters: {
            query: {
                /** @description A fixed geography: never an arbitrary polygon */
                geography: "borough" | "ward" | "lsoa" | "hex250" | "hex500" | "hex1000";
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description One count per area and month */
                by?: "month";
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                /** @description Only located events of this kind */
                kind?: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        geography: string;
                        from: string;
                        to: string;
                        byMonth: boolean;
                        /** @description The k applied; null for a lead, who sees exact counts */
                        k: number | null;
                        /** @description true when the counts are perturbed by the cell-key method (every reader but a lead); see docs/disclosure.md */
                        perturbed: boolean;
                        /** @description The same, in a sentence for people */
                        note: string;
                        cells: {
                            area: string;
                            month?: string;
                            /** @description Distinct referrals: exact for a lead; for everyone else perturbed (0 or at least k) */
                            count: number;
                            suppressed: boolean;
                        }[];
                        totals: {
                            /** @description Distinct referrals: exact for a lead; for everyone else perturbed (0 or at least k) */
                            count: number;
                            suppressed: boolean;
                            areas: {
                                area: string;
                                /** @description Distinct referrals: exact for a lead; for everyone else perturbed (0 or at least k) */
                                count: number;
                                suppressed: boolean;
                            }[];
                            months?: {
                                month: string;
                                /** @description Distinct referrals: exact for a lead; for everyone else perturbed (0 or at least k) */
                                count: number;
                                suppressed: boolean;
                            }[];
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getStatsPoints: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Cell size in metres; default 250 (a partner: its agreement's cell size, the only one it may use; a caseworker: 250 only, else 400) */
                cell?: number;
                kind?: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        cellM: number;
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            geometry: {
                                /** @enum {string} */
                                type: "Point";
                                coordinates: number[];
                            };
                            properties: {
                                referrals: number;
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            displayName: string;
                            /** @enum {string} */
                            role: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                            boroughs: string[] | null;
                            disabled: boolean;
                            /** Format: date-time */
                            lockedUntil: string | null;
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    displayName: string;
                    /** @enum {string} */
                    role: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                    password: string;
                    boroughs?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        email: string;
                        displayName: string;
                        /** @enum {string} */
                        role: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                        boroughs: string[] | null;
                        disabled: boolean;
                        /** Format: date-time */
                        lockedUntil: string | null;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    patchUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    displayName?: string;
                    /** @enum {string} */
                    role?: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                    boroughs?: string[] | null;
                    disabled?: boolean;
                    /**
                     * @description Clear a lockout after failed sign-ins
                     * @enum {boolean}
                     */
                    unlock?: true;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        email: string;
                        displayName: string;
                        /** @enum {string} */
                        role: "caseworker" | "lead" | "commissioner" | "partner" | "admin";
                        boroughs: string[] | null;
                        disabled: boolean;
                        /** Format: date-time */
                        lockedUntil: string | null;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAgreements: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            partnerOrganisation: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            boroughs: string[];
                            /** @enum {string} */
                            level: "aggregate" | "generalised";
                            fields: string[];
                            k: number;
                            includeVictims: boolean;
                            validFrom: string;
                            validUntil: string;
                            inForce: boolean;
                            /** @description The fixed cell size in metres of every cell the partner reads */
                            cellM: number;
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postAgreements: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Name of the partner organisation (registered if new) */
                    partnerOrganisation: string;
                    boroughs: string[];
                    /** @enum {string} */
                    level: "aggregate" | "generalised";
                    fields?: ("programme" | "subjectRole" | "ageBand" | "month" | "borough" | "ward" | "kind")[];
                    k?: number;
                    includeVictims?: boolean;
                    /**
                     * @description Cell size in metres of every cell the partner reads (generalised points, hexes, exports); default 250. Fixed for the agreement's life.
                     * @enum {integer}
                     */
                    cellM?: 250 | 500 | 1000;
                    /**
                     * Format: date
                     * @description First day in force (YYYY-MM-DD, years 2000–2099)
                     */
                    validFrom: string;
                    /**
                     * Format: date
                     * @description Last day in force (YYYY-MM-DD, years 2000–2099)
                     */
                    validUntil: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAgreementsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        partnerOrganisation: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        boroughs: string[];
                        /** @enum {string} */
                        level: "aggregate" | "generalised";
                        fields: string[];
                        k: number;
                        includeVictims: boolean;
                        validFrom: string;
                        validUntil: string;
                        inForce: boolean;
                        /** @description The fixed cell size in metres of every cell the partner reads */
                        cellM: number;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    patchAgreementsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description Last day in force (set to yesterday to end it now) (YYYY-MM-DD, years 2000–2099)
                     */
                    validUntil?: string;
                    boroughs?: string[];
                    fields?: ("programme" | "subjectRole" | "ageBand" | "month" | "borough" | "ward" | "kind")[];
                    k?: number;
                    includeVictims?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        partnerOrganisation: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        boroughs: string[];
                        /** @enum {string} */
                        level: "aggregate" | "generalised";
                        fields: string[];
                        k: number;
                        includeVictims: boolean;
                        validFrom: string;
                        validUntil: string;
                        inForce: boolean;
                        /** @description The fixed cell size in metres of every cell the partner reads */
                        cellM: number;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAgreementsByIdTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            agreementId: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: date-time */
                            revokedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postAgreementsByIdTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @default 90 */
                    days?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    deleteAgreementsByIdTokensByTokenId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAudit: {
        parameters: {
            query?: {
                before?: number;
                limit?: number;
                action?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            /** Format: date-time */
                            at: string;
                            userId: string | null;
                            /** @description Whose user acted: another organisation for a partner's read of your data */
                            organisationId: string | null;
                            role: string | null;
                            action: string;
                            detail: unknown;
                            rows: number | null;
                            hash: string;
                        }[];
                        next: number | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAuditVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ok: boolean;
                        rows: number;
                        firstBroken?: number;
                        pending: {
                            /** @description Exact reads recorded but not yet folded into the chain (folded within seconds) */
                            rows: number;
                            /** @description The first pending record whose content no longer matches its hash */
                            firstBroken?: number;
                        };
                        checkpoints: {
                            checked: number;
                            failed: number;
                            firstFailed?: {
                                /** @description Line of the checkpoint file, from 1 */
                                line: number;
                                id: number | null;
                                at: string | null;
                                /** @enum {string} */
                                reason: "malformed" | "mac" | "missing-row" | "hash-mismatch" | "no-key";
                            };
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getApprovals: {
        parameters: {
            query?: {
                status?: "pending" | "approved" | "rejected" | "withdrawn";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected" | "withdrawn";
                            /** @description What the change grants, in one sentence */
                            summary: string;
                            /**
                             * Format: uuid
                             * @description The user or agreement changed (the agreement of a token)
                             */
                            targetId: string | null;
                            /** @description The change as it will be applied (never a password) */
                            change: unknown;
                            requestedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string;
                            };
                            /** Format: date-time */
                            requestedAt: string;
                            decidedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string;
                            } | null;
                            /** Format: date-time */
                            decidedAt: string | null;
                            reason: string | null;
                            /**
                             * Format: uuid
                             * @description What the approval created or changed
                             */
                            resultId: string | null;
                            /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                            mine: boolean;
                            /** @description For an approved token: whether its requester has fetched it */
                            tokenRevealed: boolean | null;
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getApprovalsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postApprovalsByIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postApprovalsByIdReject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postApprovalsByIdWithdraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "user.create" | "user.change" | "agreement.create" | "agreement.change" | "token.create";
                        /** @enum {string} */
                        status: "pending" | "approved" | "rejected" | "withdrawn";
                        /** @description What the change grants, in one sentence */
                        summary: string;
                        /**
                         * Format: uuid
                         * @description The user or agreement changed (the agreement of a token)
                         */
                        targetId: string | null;
                        /** @description The change as it will be applied (never a password) */
                        change: unknown;
                        requestedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        };
                        /** Format: date-time */
                        requestedAt: string;
                        decidedBy: {
                            /** Format: uuid */
                            id: string;
                            displayName: string;
                        } | null;
                        /** Format: date-time */
                        decidedAt: string | null;
                        reason: string | null;
                        /**
                         * Format: uuid
                         * @description What the approval created or changed
                         */
                        resultId: string | null;
                        /** @description You made this request (so you cannot approve or reject it; you may withdraw it) */
                        mine: boolean;
                        /** @description For an approved token: whether its requester has fetched it */
                        tokenRevealed: boolean | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postApprovalsByIdToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        agreementId: string;
                        name: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        expiresAt: string;
                        /** Format: date-time */
                        revokedAt: string | null;
                    } & {
                        /** @description Shown once; only its hash is stored */
                        token: string;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisBorderActivity: {
        parameters: {
            query: {
                /** @description Two borough codes, comma-separated, e.g. E09000005,E09000033 */
                between: string;
                /** @description Metres from the border; aggregate readers: one of 100, 200, 400, 800 */
                distance?: number;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        between: [
                            string,
                            string
                        ];
                        distanceM: number;
                        from: string;
                        to: string;
                        /** @description The k applied; null for a lead, who sees exact counts */
                        k: number | null;
                        /** @description true when the counts are perturbed by the cell-key method (every reader but a lead); see docs/disclosure.md */
                        perturbed: boolean;
                        /** @description The same, in a sentence for people */
                        note: string;
                        rows: {
                            month: string;
                            side: string;
                            /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                            count: number | null;
                            suppressed: boolean;
                        }[];
                        totals: {
                            /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                            count: number | null;
                            suppressed: boolean;
                            sides: {
                                side: string;
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                            }[];
                            months: {
                                month: string;
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                            }[];
                        };
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisFlows: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        from: string;
                        to: string;
                        /** @description The k applied; null for a lead, who sees exact counts */
                        k: number | null;
                        /** @description true when the counts are perturbed by the cell-key method (every reader but a lead); see docs/disclosure.md */
                        perturbed: boolean;
                        /** @description The same, in a sentence for people */
                        note: string;
                        /** @description Every borough of the matrix, by code */
                        boroughs: {
                            code: string;
                            name: string;
                        }[];
                        matrix: {
                            /** @description Every origin × destination pair of the boroughs that appear, zeros included; the diagonal is referrals whose incidents are in their home borough */
                            cells: {
                                /** @description Home borough */
                                origin: string;
                                /** @description Incident borough */
                                destination: string;
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                            }[];
                            /** @description Row totals: the sum of each origin's cells */
                            origins: {
                                code: string;
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                            }[];
                            /** @description Column totals: the sum of each destination's cells */
                            destinations: {
                                code: string;
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                            }[];
                            /** @description Sum of every cell */
                            total: {
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                            };
                        };
                        /** @description One line per cross-borough pair with a flow (suppressed pairs too), from a point inside the home borough to a point inside the incident borough (ST_PointOnSurface) */
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            /** @description ORIGIN>DESTINATION */
                            id: string;
                            geometry: {
                                /** @enum {string} */
                                type: "LineString";
                                coordinates: [
                                    number,
                                    number
                                ][];
                            };
                            properties: {
                                origin: string;
                                originName: string;
                                destination: string;
                                destinationName: string;
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisClusters: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Neighbourhood radius, metres */
                eps?: number;
                /** @description Located events within eps that make a core point (itself included) */
                minPoints?: number;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        from: string;
                        to: string;
                        eps: number;
                        minPoints: number;
                        /** @description Located events clustered (members and noise) */
                        points: number;
                        /** @description Located events in no cluster */
                        noise: number;
                        /** @description One feature per cluster: its convex hull (ST_ConvexHull), a Polygon, or a LineString/Point when its members are collinear or coincide */
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            /** @description C1, C2, … by size */
                            id: string;
                            /** @description RFC 7946 geometry, EPSG:4326 (lon, lat), 6 decimals */
                            geometry: {
                                /** @enum {string} */
                                type: "Point" | "LineString" | "Polygon";
                                coordinates: unknown[];
                            };
                            properties: {
                                /** @description 1, 2, …: most referrals first, then most located events */
                                id: number;
                                /** @description Located events in the cluster */
                                locations: number;
                                /** @description Distinct referrals among them */
                                referrals: number;
                                /** @description Area of the hull, m² (0 for a line or a point) */
                                areaM2: number;
                                /** @description Boroughs the members lie in, with their located events, largest first */
                                boroughs: {
                                    code: string;
                                    locations: number;
                                }[];
                                /** @description Members in two or more boroughs */
                                crossBorder: boolean;
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisEvaluate: {
        parameters: {
            query: {
                /** @description First month of the training period, YYYY-MM (years 2000–2099) */
                trainFrom: string;
                /** @description Last month of the training period, YYYY-MM (years 2000–2099) */
                trainTo: string;
                /** @description First month of the test period, YYYY-MM (after trainTo) (years 2000–2099) */
                testFrom: string;
                /** @description Last month of the test period, YYYY-MM (years 2000–2099) */
                testTo: string;
                /** @description Largest share of the study area the hotspots may cover, in (0, 1] */
                share?: number;
                /** @description Hex circumradius in metres */
                size?: number;
                /** @description Count the current, partial month; by default the test period ends at the last whole month and a training period reaching the current month is refused */
                partial?: boolean;
                /** @description Comma-separated borough codes of the study area (default: the organisation's working boroughs) */
                boroughs?: string;
                /** @description Count distinct referrals per cell (default) or located events */
                unit?: "referrals" | "events";
                /** @description Count one location kind only (default: every kind) */
                kind?: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        trainFrom: string;
                        trainTo: string;
                        testFrom: string;
                        /** @description The last month of the test period used: the requested testTo, or the last whole month when that was later (partial=false) */
                        testTo: string;
                        /** @description The current month (London) when it falls within either period: it holds only the days so far */
                        partialMonth: string | null;
                        /** @description Whether partialMonth was counted (partial=true) */
                        partialIncluded: boolean;
                        size: number;
                        share: number;
                        /** @description Cells in the study area */
                        n: number;
                        studyArea: {
                            /**
                             * @description Why these boroughs: the boroughs parameter, the organisation's working boroughs, the lead's borough scope, or every borough in force
                             * @enum {string}
                             */
                            source: "requested" | "working" | "scope" | "all";
                            /** @description Borough codes; the study area is every hexagon whose centre lies in one of them */
                            boroughs: string[];
                            cells: number;
                        };
                        /**
                         * @description What a count is: distinct referrals per cell (a referral with events in two cells counts in both) or located events
                         * @enum {string}
                         */
                        unit: "referrals" | "events";
                        /**
                         * @description The one location kind counted (null: every kind)
                         * @enum {string|null}
                         */
                        kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to" | null;
                        hotspots: {
                            cells: number;
                            /** @description a */
                            areaKm2: number;
                            /** @description a/A (at most share) */
                            areaShare: number | null;
                        };
                        /** @description A */
                        studyAreaKm2: number;
                        /** @description The same hotspots on their own training period (in-sample) */
                        training: {
                            /** @description n: referrals (summed over cells) inside the hotspots */
                            inHotspots: number;
                            /** @description N: referrals (summed over cells) in the study area */
                            total: number;
                            /** @description n/N; null when N = 0 */
                            hitRate: number | null;
                            /** @description Predictive accuracy index (n/N)/(a/A); null when undefined */
                            pai: number | null;
                        };
                        /** @description The hotspots on the test period: how well they anticipated it */
                        test: {
                            /** @description n: referrals (summed over cells) inside the hotspots */
                            inHotspots: number;
                            /** @description N: referrals (summed over cells) in the study area */
                            total: number;
                            /** @description n/N; null when N = 0 */
                            hitRate: number | null;
                            /** @description Predictive accuracy index (n/N)/(a/A); null when undefined */
                            pai: number | null;
                        };
                        /** @description Recapture rate index (n_test/n_train)/(N_test/N_train): 1 means the hotspots kept their share of referrals; null when undefined */
                        recaptureRate: number | null;
                        /** @description The tie at the edge of the selection */
                        ties: {
                            /** @description How cells with equal training counts are ordered */
                            rule: string;
                            /** @description The training count of the last cell chosen (null: nothing chosen) */
                            count: number | null;
                            /** @description Cells with that training count */
                            tiedCells: number;
                            /** @description How many of them the hotspots hold */
                            chosen: number;
                            /** @description Lowest and highest test hit rate any other choice of as many tied cells would give */
                            hitRate: [
                                number,
                                number
                            ] | null;
                            /** @description Lowest and highest test PAI any other choice of as many tied cells would give */
                            pai: [
                                number,
                                number
                            ] | null;
                        };
                        /** @description What this means, in one or two plain-English sentences */
                        summary: string;
                        /** @description The hotspot cells, with their counts in each period */
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id: string;
                            geometry: {
                                /** @enum {string} */
                                type: "Polygon";
                                coordinates: [
                                    number,
                                    number
                                ][][];
                            };
                            properties: {
                                id: string;
                                training: number;
                                test: number;
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisEmerging: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Hex circumradius in metres */
                size: number;
                /** @description Distance band in hex steps */
                band?: number;
                /** @description Benjamini–Hochberg correction within each month */
                fdr?: boolean;
                /** @description Every study-area cell, pattern none too */
                all?: boolean;
                /** @description Include the current, partial month (and any later one); by default the series end at the last whole month */
                partial?: boolean;
                /** @description Comma-separated borough codes of the study area (default: the organisation's working boroughs) */
                boroughs?: string;
                /** @description Count distinct referrals per cell and month (default) or located events */
                unit?: "referrals" | "events";
                /** @description Count one location kind only (default: every kind) */
                kind?: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        from: string;
                        to: string;
                        size: number;
                        band: number;
                        fdr: boolean;
                        /** @description The months of every series, oldest first (whole months only unless partial=true) */
                        months: string[];
                        /**
                         * @description What a count is: distinct referrals per cell and month (a referral with events in two cells counts in both) or located events
                         * @enum {string}
                         */
                        unit: "referrals" | "events";
                        /**
                         * @description The one location kind counted (null: every kind)
                         * @enum {string|null}
                         */
                        kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to" | null;
                        /** @description The current month (London) when it falls within from–to: it holds only the days so far */
                        partialMonth: string | null;
                        /** @description Whether partialMonth is one of the months (partial=true) */
                        partialIncluded: boolean;
                        /** @description Cells in the study area */
                        n: number;
                        studyArea: {
                            /**
                             * @description Why these boroughs: the boroughs parameter, the organisation's working boroughs, the lead's borough scope, or every borough in force
                             * @enum {string}
                             */
                            source: "requested" | "working" | "scope" | "all";
                            /** @description Borough codes; the study area is every hexagon whose centre lies in one of them */
                            boroughs: string[];
                            cells: number;
                            /** @description Counts in hexagons outside the study area: not analysed */
                            outside: {
                                cells: number;
                                count: number;
                            };
                        };
                        /** @description Cells of each pattern */
                        patterns: {
                            hot: {
                                new: number;
                                intensifying: number;
                                persistent: number;
                                diminishing: number;
                                sporadic: number;
                            };
                            cold: {
                                new: number;
                                intensifying: number;
                                persistent: number;
                                diminishing: number;
                                sporadic: number;
                            };
                        };
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id: string;
                            geometry: {
                                /** @enum {string} */
                                type: "Polygon";
                                coordinates: [
                                    number,
                                    number
                                ][][];
                            };
                            properties: {
                                id: string;
                                /** @enum {string} */
                                pattern: "new" | "intensifying" | "persistent" | "diminishing" | "sporadic" | "none";
                                /**
                                 * @description Hot or cold in the final month; null when neither
                                 * @enum {string|null}
                                 */
                                polarity: "hot" | "cold" | null;
                                /** @description Referrals summed over the months */
                                count: number;
                                hotMonths: number;
                                coldMonths: number;
                                trend: {
                                    /** @description false for a cell with no event in any month: no trend is computed (s 0, z 0, p 1, direction none) and its pattern is none */
                                    tested: boolean;
                                    /** @description Mann–Kendall S of the monthly z series */
                                    s: number;
                                    /** @description Mann–Kendall Z, rounded to 6 decimals */
                                    z: number;
                                    /** @description Two-sided p */
                                    p: number;
                                    /** @enum {string} */
                                    direction: "increasing" | "decreasing" | "none";
                                    /** @description Sen's slope of z per month */
                                    senSlope: number | null;
                                };
                                /** @description Referrals per month, oldest first */
                                counts: number[];
                                /** @description Gi* z per month, oldest first, rounded to 6 decimals */
                                z: number[];
                                /** @description Class per month, oldest first */
                                classes: ("hot-99" | "hot-95" | "hot-90" | "cold-99" | "cold-95" | "cold-90" | "none")[];
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisDensity: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Grid cell side, metres */
                cellSize?: number;
                /** @description Kernel radius h, metres (at least cellSize) */
                bandwidth?: number;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        from: string;
                        to: string;
                        cellSize: number;
                        bandwidth: number;
                        /** @description Located events in the surface */
                        points: number;
                        /** @description Cell (i, j) spans [minX + i·cellSize, minX + (i+1)·cellSize) × [minY + j·cellSize, minY + (j+1)·cellSize) in EPSG:27700; the density is evaluated at its centre */
                        grid: {
                            /** @enum {string} */
                            crs: "EPSG:27700";
                            minX: number;
                            minY: number;
                            cols: number;
                            rows: number;
                        };
                        /** @description Largest density of any cell, located events per km² */
                        max: number;
                        /** @description Every cell with a density above zero */
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            /** @description i:j */
                            id: string;
                            geometry: {
                                /** @enum {string} */
                                type: "Polygon";
                                coordinates: [
                                    number,
                                    number
                                ][][];
                            };
                            properties: {
                                i: number;
                                j: number;
                                /** @description Located events per km² (6 significant digits) */
                                density: number;
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisStudyArea: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The organisation's working boroughs: the default study area of hot spots, emerging hot spots and evaluation (null: every borough in force) */
                        workingBoroughs: {
                            code: string;
                            name: string;
                        }[] | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    putAnalysisStudyArea: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    boroughs: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The organisation's working boroughs: the default study area of hot spots, emerging hot spots and evaluation (null: every borough in force) */
                        workingBoroughs: {
                            code: string;
                            name: string;
                        }[] | null;
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisHexbins: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Hex circumradius in metres (fixed-origin grid, flat-topped, origin 0,0 of EPSG:27700) */
                size: number;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        size: number;
                        from: string;
                        to: string;
                        /** @description The k applied; null for a lead, who sees exact counts */
                        k: number | null;
                        /** @description true when the counts are perturbed by the cell-key method (every reader but a lead); see docs/disclosure.md */
                        perturbed: boolean;
                        /** @description The same, in a sentence for people */
                        note: string;
                        total: {
                            /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                            count: number | null;
                            suppressed: boolean;
                        };
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id: string;
                            geometry: {
                                /** @enum {string} */
                                type: "Polygon";
                                coordinates: number[][][];
                            };
                            properties: {
                                id: string;
                                /** @description Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients) */
                                count: number | null;
                                suppressed: boolean;
                                /** @description Share of the hexagon's area in each borough in force (exact: ST_Intersection with the boroughs' subdivided parts), largest first; sums to less than 1 at the edge of the loaded boroughs */
                                boroughs: {
                                    code: string;
                                    share: number;
                                }[];
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getAnalysisHotspots: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Hex circumradius in metres (fixed-origin grid, flat-topped, origin 0,0 of EPSG:27700) */
                size: number;
                /** @description Distance band in hex steps */
                band?: number;
                /** @description Benjamini–Hochberg correction */
                fdr?: boolean;
                /** @description Every study-area cell, empty ones too */
                all?: boolean;
                /** @description What decides the classes */
                inference?: "permutation" | "analytical";
                /** @description Random rearrangements per cell */
                permutations?: number;
                /** @description Seed of the rearrangements */
                seed?: number;
                /** @description Comma-separated borough codes of the study area (default: the organisation's working boroughs) */
                boroughs?: string;
                /** @description Count distinct referrals per cell (default) or located events */
                unit?: "referrals" | "events";
                /** @description Count one location kind only (default: every kind) */
                kind?: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to";
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GeoJSON (RFC 7946) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        attribution: string;
                        size: number;
                        from: string;
                        to: string;
                        band: number;
                        fdr: boolean;
                        /**
                         * @description What the classes were decided on: conditional permutation pseudo p-values (pSim) or the normal approximation (p)
                         * @enum {string}
                         */
                        inference: "permutation" | "analytical";
                        /** @description Random rearrangements per cell (null: analytical) */
                        permutations: number | null;
                        /** @description A cell fewer than 10 of whose rearrangements were as extreme gets the exact permutation probability (draws 0), so its p-value is not floored at 1/(permutations + 1); where counting it exactly is too much work, this many fresh rearrangements instead (null: analytical) */
                        refinedPermutations: number | null;
                        /** @description Seed of the rearrangements: the same request gives the same pSim */
                        seed: number | null;
                        /**
                         * @description What a count is: distinct referrals per cell (a referral with events in two cells counts in both) or located events per cell
                         * @enum {string}
                         */
                        unit: "referrals" | "events";
                        /**
                         * @description The one location kind counted (null: every kind)
                         * @enum {string|null}
                         */
                        kind: "home" | "incident" | "school" | "hangout" | "relocation_from" | "relocation_to" | null;
                        /** @description What a count is, in words */
                        unitDescription: string;
                        /** @description Cells in the study area */
                        n: number;
                        studyArea: {
                            /**
                             * @description Why these boroughs: the boroughs parameter, the organisation's working boroughs (set by an administrator), the lead's borough scope, or every borough in force
                             * @enum {string}
                             */
                            source: "requested" | "working" | "scope" | "all";
                            /** @description Borough codes; the study area is every hexagon whose centre lies in one of them, empty ones included */
                            boroughs: string[];
                            cells: number;
                            emptyCells: number;
                            /** @description Counts in hexagons whose centre lies outside the study area: not analysed */
                            outside: {
                                cells: number;
                                count: number;
                            };
                        };
                        /** @description false when no cell could be classed cold, even with an empty neighbourhood (typical when most cells are empty); the map then offers no cold classes */
                        coldSpotsPossible: boolean;
                        /** @description The lowest p-value a cold cell could reach here (an empty neighbourhood), before the FDR correction */
                        lowestColdP: number;
                        /** @description The study area and what was found, in plain English */
                        summary: string;
                        groups: {
                            id: number;
                            /** @enum {string} */
                            sign: "hot" | "cold";
                            cells: string[];
                            count: number;
                            /** @enum {string} */
                            peakClass: "hot-99" | "hot-95" | "hot-90" | "cold-99" | "cold-95" | "cold-90" | "none";
                            /** @description Largest |z| of the group, rounded to 6 decimals */
                            maxAbsZ: number;
                            /** @description Share of the hexagon's area in each borough in force (exact: ST_Intersection with the boroughs' subdivided parts), largest first; sums to less than 1 at the edge of the loaded boroughs */
                            boroughs: {
                                code: string;
                                share: number;
                            }[];
                            crossBorder: boolean;
                        }[];
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id: string;
                            geometry: {
                                /** @enum {string} */
                                type: "Polygon";
                                coordinates: number[][][];
                            };
                            properties: {
                                id: string;
                                count: number;
                                /** @description Gi* z-score (analytical), rounded to 6 decimals */
                                z: number;
                                /** @description Two-sided p of z under the normal approximation */
                                p: number;
                                /** @description Folded pseudo p-value (M + 1)/(R + 1) of the conditional permutation test (null: analytical) */
                                pSim: number | null;
                                /** @description R of pSim: permutations; 0 when pSim is the exact permutation probability (an extreme cell); refinedPermutations when it was drawn again (null: analytical) */
                                draws: number | null;
                                /** @description The p-value the class was decided on (pSim, or p under analytical inference), Benjamini–Hochberg adjusted unless fdr=false */
                                pAdjusted: number;
                                /** @enum {string} */
                                class: "hot-99" | "hot-95" | "hot-90" | "cold-99" | "cold-95" | "cold-90" | "none";
                                group: number | null;
                                /** @description The cell's hotspot group covers two or more boroughs */
                                crossBorder: boolean;
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getReportsFunding: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description residence, activity or blend */
                basis: "residence" | "activity" | "blend";
                /** @description basis=blend only: the weight of residence; activity gets 1 − weight (default 0.5) */
                weight?: number;
                /** @description Programme slug */
                programme?: string;
                /** @description Overrides the Accept header */
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        basis: "residence" | "activity" | "blend";
                        /** @description Residence weight of a blend; null for the other bases */
                        weight: number | null;
                        from: string;
                        to: string;
                        programme: string | null;
                        /** @description The k applied; null for a lead, who sees exact counts */
                        k: number | null;
                        /** @description true when the counts are perturbed by the cell-key method (every reader but a lead); see docs/disclosure.md */
                        perturbed: boolean;
                        /** @description The same, in a sentence for people */
                        note: string;
                        rows: {
                            borough: {
                                code: string;
                                name: string;
                            };
                            /** @description Weighted referrals counted for the borough (4 decimals; whole numbers for residence) */
                            count: number | null;
                            /** @description count ÷ totals.count (6 decimals) */
                            share: number | null;
                            /** @description Aggregate readers: referrals whose latest home in the period is in the borough, perturbed; null for a lead */
                            residents: number | null;
                            /** @description Aggregate readers: referrals with an incident, school or hangout in the borough in the period, perturbed; null for a lead */
                            active: number | null;
                            /** @description Leads: distinct referrals with a part in the borough; null for aggregate readers */
                            referrals: number | null;
                            /** @description Leads: of those, referrals whose home/incident/school/hangout events in the period lie in two or more boroughs; null for aggregate readers */
                            crossBorough: number | null;
                            /** @description Always false: nothing is withheld (kept for earlier clients) */
                            suppressed: boolean;
                        }[];
                        totals: {
                            /** @description Referrals counted (for aggregate readers perturbed on its own) */
                            count: number | null;
                            /** @description Leads: sum of the rows' referrals (a referral with parts in two boroughs is in both); null for aggregate readers */
                            referrals: number | null;
                            /** @description Leads: sum of the rows' crossBorough; null for aggregate readers */
                            crossBorough: number | null;
                            suppressed: boolean;
                        };
                    };
                    "text/csv": string;
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    postRelocationCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    referralId: string;
                    destination: {
                        /** @description WGS84 longitude */
                        lon: number;
                        /** @description WGS84 latitude */
                        lat: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        referralId: string;
                        destination: {
                            lon: number;
                            lat: number;
                            borough: {
                                code: string;
                                name: string;
                            };
                        };
                        /** @description The latest relocation_from location, else the latest home; null when the referral has neither */
                        origin: {
                            /** @enum {string} */
                            kind: "relocation_from" | "home";
                            /** @description null when the origin lies outside the loaded boroughs */
                            borough: {
                                code: string;
                                name: string;
                            } | null;
                        } | null;
                        /** @description The destination's borough differs from the origin's; null when the origin's borough is unknown */
                        crossesBoroughs: boolean | null;
                        /** @description Every exclusion zone of the client, nearest first */
                        exclusionZones: {
                            id: string;
                            name: string;
                            /** @description metres (ST_Distance in EPSG:27700, 0.1 m), 0 inside */
                            distanceM: number;
                            inside: boolean;
                        }[];
                        hotspots: {
                            from: string;
                            to: string;
                            sizeM: number;
                            classes: string[];
                            /** @description false for a caseworker: Gi* then runs on disclosure-controlled counts (cells of 1..k−1 count 0) */
                            exactCounts: boolean;
                            /** @description null when there is no current hotspot */
                            nearest: {
                                cell: string;
                                class: string;
                                /** @description metres (ST_Distance in EPSG:27700, 0.1 m), 0 inside */
                                distanceM: number;
                                inside: boolean;
                            } | null;
                        };
                        /** @description RELOCATION_WARN_M */
                        thresholdM: number;
                        warnings: {
                            /** @enum {string} */
                            code: "inside-exclusion-zone" | "near-exclusion-zone" | "inside-hotspot" | "near-hotspot";
                            message: string;
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getExportsReferralsGeojson: {
        parameters: {
            query?: {
                /** @description Opened on or after (YYYY-MM-DD, years 2000–2099) */
                from?: string;
                /** @description Opened on or before (YYYY-MM-DD, years 2000–2099) */
                to?: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Any location in this borough */
                borough?: string;
                multiBorough?: boolean;
                fundingMismatch?: boolean;
                /**
                 * @description A location within D metres of this border pair
                 * @example E09000005,E09000033
                 */
                borderZone?: string;
                /** @description A location in an estate or patch meeting two or more boroughs */
                straddling?: boolean;
                subjectRole?: "at_risk" | "victim" | "both";
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                status?: "open" | "paused" | "closed";
                /** @description D of border-zone activity, metres (default from config) */
                borderZoneM?: number;
                /** @description Generalised exports (partners): cell size in metres, default 250 */
                cell?: number;
                /** @description Generalised exports (partners): break each cell down by these comma-separated fields (programme, subjectRole, ageBand, month, borough, ward, kind); each must be one the agreement lists */
                by?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An RFC 7946 FeatureCollection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": string;
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getExportsReferralsCsv: {
        parameters: {
            query?: {
                /** @description Opened on or after (YYYY-MM-DD, years 2000–2099) */
                from?: string;
                /** @description Opened on or before (YYYY-MM-DD, years 2000–2099) */
                to?: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Any location in this borough */
                borough?: string;
                multiBorough?: boolean;
                fundingMismatch?: boolean;
                /**
                 * @description A location within D metres of this border pair
                 * @example E09000005,E09000033
                 */
                borderZone?: string;
                /** @description A location in an estate or patch meeting two or more boroughs */
                straddling?: boolean;
                subjectRole?: "at_risk" | "victim" | "both";
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
                status?: "open" | "paused" | "closed";
                /** @description D of border-zone activity, metres (default from config) */
                borderZoneM?: number;
                /** @description Generalised exports (partners): cell size in metres, default 250 */
                cell?: number;
                /** @description Generalised exports (partners): break each cell down by these comma-separated fields (programme, subjectRole, ageBand, month, borough, ward, kind); each must be one the agreement lists */
                by?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A CSV table with a header row */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgc: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): crs */
                crs?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): bbox-crs */
                "bbox-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter */
                filter?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-lang */
                "filter-lang"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-crs */
                "filter-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): sortby */
                sortby?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): properties */
                properties?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON, or HTML for a browser (f=json|html, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "text/html": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgcApi: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): crs */
                crs?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): bbox-crs */
                "bbox-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter */
                filter?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-lang */
                "filter-lang"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-crs */
                "filter-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): sortby */
                sortby?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): properties */
                properties?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON (f=json, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.oai.openapi+json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgcConformance: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): crs */
                crs?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): bbox-crs */
                "bbox-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter */
                filter?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-lang */
                "filter-lang"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-crs */
                "filter-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): sortby */
                sortby?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): properties */
                properties?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON, or HTML for a browser (f=json|html, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "text/html": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgcCollections: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): crs */
                crs?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): bbox-crs */
                "bbox-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter */
                filter?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-lang */
                "filter-lang"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-crs */
                "filter-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): sortby */
                sortby?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): properties */
                properties?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON, or HTML for a browser (f=json|html, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "text/html": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgcCollectionsByCollectionId: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): crs */
                crs?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): bbox-crs */
                "bbox-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter */
                filter?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-lang */
                "filter-lang"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-crs */
                "filter-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): sortby */
                sortby?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): properties */
                properties?: string;
            };
            header?: never;
            path: {
                collectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON, or HTML for a browser (f=json|html, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "text/html": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgcCollectionsByCollectionIdQueryables: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): crs */
                crs?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): bbox-crs */
                "bbox-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter */
                filter?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-lang */
                "filter-lang"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): filter-crs */
                "filter-crs"?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): sortby */
                sortby?: string;
                /** @description Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): properties */
                properties?: string;
            };
            header?: never;
            path: {
                collectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON (f=json, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/schema+json": {
                        [key: string]: unknown;
                    };
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgcCollectionsByCollectionIdItems: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description Page size; at most 10000 (larger whole numbers are taken as 10000) */
                limit?: number;
                /**
                 * @description minx,miny,maxx,maxy in bbox-crs (default CRS84: minLon,minLat,maxLon,maxLat)
                 * @example -0.2,51.52,-0.17,51.54
                 */
                bbox?: string;
                /** @description CRS of bbox (default CRS84) */
                "bbox-crs"?: "http://www.opengis.net/def/crs/OGC/1.3/CRS84" | "http://www.opengis.net/def/crs/EPSG/0/27700";
                /** @description CRS of the features' coordinates (Content-Crs says which) (default CRS84) */
                crs?: "http://www.opengis.net/def/crs/OGC/1.3/CRS84" | "http://www.opengis.net/def/crs/EPSG/0/27700";
                /** @description RFC 3339 instant, or interval start/end with .. (or nothing) for an open end */
                datetime?: string;
                /** @description Paging of offset-paged collections: follow the next link */
                offset?: number;
                /** @description Paging of key-paged collections: follow the next link */
                cursor?: string;
                /**
                 * @description CQL2 text on the collection's queryables: comparisons, AND/OR/NOT, LIKE, BETWEEN, IN, IS NULL, S_INTERSECTS(geometry, POINT/BBOX/POLYGON) where your role may choose shapes
                 * @example name LIKE 'West%'
                 */
                filter?: string;
                /** @description cql2-text (cql-text: its draft name) */
                "filter-lang"?: "cql2-text" | "cql-text";
                /** @description CRS of the filter's coordinates (default CRS84) */
                "filter-crs"?: "http://www.opengis.net/def/crs/OGC/1.3/CRS84" | "http://www.opengis.net/def/crs/EPSG/0/27700";
                /**
                 * @description Queryables to sort by, comma-separated, each with + (ascending, default) or -; not on key-paged collections
                 * @example -name
                 */
                sortby?: string;
                /** @description The properties to keep in each feature, comma-separated */
                properties?: string;
            };
            header?: never;
            path: {
                collectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON, or HTML for a browser (f=json|html, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        [key: string]: unknown;
                    };
                    "text/html": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getOgcCollectionsByCollectionIdItemsByFeatureId: {
        parameters: {
            query?: {
                /** @description Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides */
                f?: "json" | "html";
                /** @description CRS of the feature's coordinates (default CRS84) */
                crs?: "http://www.opengis.net/def/crs/OGC/1.3/CRS84" | "http://www.opengis.net/def/crs/EPSG/0/27700";
                /** @description The properties to keep, comma-separated */
                properties?: string;
            };
            header?: never;
            path: {
                collectionId: string;
                featureId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON, or HTML for a browser (f=json|html, else the Accept header) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        [key: string]: unknown;
                    };
                    "text/html": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesAreasJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description TileJSON 3.0.0 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        tilejson: "3.0.0";
                        name: string;
                        description: string;
                        version: string;
                        attribution: string;
                        /** @enum {string} */
                        scheme: "xyz";
                        /** @description Tile URL template, absolute, with the period and filters of the request */
                        tiles: string[];
                        minzoom: number;
                        maxzoom: number;
                        /** @description west, south, east, north (lon/lat) */
                        bounds: [
                            number,
                            number,
                            number,
                            number
                        ];
                        /** @description lon, lat, zoom */
                        center: [
                            number,
                            number,
                            number
                        ];
                        vector_layers: {
                            id: string;
                            description: string;
                            minzoom: number;
                            maxzoom: number;
                            /** @description Property name → String, Number or Boolean */
                            fields: {
                                [key: string]: "String" | "Number" | "Boolean";
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesHexbinsJson: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description TileJSON 3.0.0 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        tilejson: "3.0.0";
                        name: string;
                        description: string;
                        version: string;
                        attribution: string;
                        /** @enum {string} */
                        scheme: "xyz";
                        /** @description Tile URL template, absolute, with the period and filters of the request */
                        tiles: string[];
                        minzoom: number;
                        maxzoom: number;
                        /** @description west, south, east, north (lon/lat) */
                        bounds: [
                            number,
                            number,
                            number,
                            number
                        ];
                        /** @description lon, lat, zoom */
                        center: [
                            number,
                            number,
                            number
                        ];
                        vector_layers: {
                            id: string;
                            description: string;
                            minzoom: number;
                            maxzoom: number;
                            /** @description Property name → String, Number or Boolean */
                            fields: {
                                [key: string]: "String" | "Number" | "Boolean";
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesPointsJson: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description TileJSON 3.0.0 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        tilejson: "3.0.0";
                        name: string;
                        description: string;
                        version: string;
                        attribution: string;
                        /** @enum {string} */
                        scheme: "xyz";
                        /** @description Tile URL template, absolute, with the period and filters of the request */
                        tiles: string[];
                        minzoom: number;
                        maxzoom: number;
                        /** @description west, south, east, north (lon/lat) */
                        bounds: [
                            number,
                            number,
                            number,
                            number
                        ];
                        /** @description lon, lat, zoom */
                        center: [
                            number,
                            number,
                            number
                        ];
                        vector_layers: {
                            id: string;
                            description: string;
                            minzoom: number;
                            maxzoom: number;
                            /** @description Property name → String, Number or Boolean */
                            fields: {
                                [key: string]: "String" | "Number" | "Boolean";
                            };
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesAreasStyleJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description MapLibre style specification, version 8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {number} */
                        version: 8;
                        name: string;
                        metadata: {
                            [key: string]: unknown;
                        };
                        sources: {
                            [key: string]: {
                                [key: string]: unknown;
                            };
                        };
                        layers: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesAreasByZByXByYMvt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                z: number;
                /** @description Less than 2^z */
                x: number;
                /** @description Less than 2^z */
                y: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Mapbox Vector Tile 2.1, 4096 units, 64-unit buffer; empty when no feature */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.mapbox-vector-tile": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesHexbinsByZByXByYMvt: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path: {
                z: number;
                /** @description Less than 2^z */
                x: number;
                /** @description Less than 2^z */
                y: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Mapbox Vector Tile 2.1, 4096 units, 64-unit buffer; empty when no feature */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.mapbox-vector-tile": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesPointsByZByXByYMvt: {
        parameters: {
            query: {
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                from: string;
                /** @description A whole month, YYYY-MM (years 2000–2099) */
                to: string;
                /** @description Programme slug */
                programme?: string;
                /** @description Subject role of the referral */
                subjectRole?: "at_risk" | "victim" | "both";
                /** @description Age band of the referral */
                ageBand?: "10-13" | "14-15" | "16-17" | "18-20" | "21-24";
            };
            header?: never;
            path: {
                z: number;
                /** @description Less than 2^z */
                x: number;
                /** @description Less than 2^z */
                y: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Mapbox Vector Tile 2.1, 4096 units, 64-unit buffer; empty when no feature */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.mapbox-vector-tile": string;
                };
            };
            /** @description Not modified: If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getTilesByLayerByZByXByYMvt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description areas, hexbins or points */
                layer: "areas" | "hexbins" | "points";
                z: string;
                x: string;
                y: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
    getBasemapTilesByZByXByYMvt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                z: number;
                x: number;
                y: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A Mapbox Vector Tile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.mapbox-vector-tile": string;
                };
            };
            /** @description No tile here */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description application/problem+json (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
            /** @description application/problem+json (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["def-0"];
                };
            };
        };
    };
}
