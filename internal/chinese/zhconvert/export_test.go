package zhconvert

var IDSLength = idsLength
