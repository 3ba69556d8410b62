/* range indicators: one PE_IND(name) line each (see list.h). */
