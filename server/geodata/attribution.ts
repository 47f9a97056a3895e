/** The statement the Open Government Licence requires on every map and export of the boundaries. */
export const OGL_ATTRIBUTION = 'Contains National Statistics data © Crown copyright and database right. Contains OS data © Crown copyright and database right.'

export const OGL_LICENCE = 'OGL-UK-3.0'
