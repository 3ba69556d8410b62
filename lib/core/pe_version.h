/*
 * pe_version: the version of pe, as --version prints it and as the cache
 * keys carry it (a new version never reads an older one's entries).
 */
#ifndef PE_VERSION_H
#define PE_VERSION_H

#define PE_VERSION "0.1.0"

#endif
