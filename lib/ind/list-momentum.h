/* momentum indicators: one PE_IND(name) line each (see list.h). */
PE_IND(mom)
PE_IND(roc)
PE_IND(rocp)
PE_IND(rocr)
PE_IND(rocr100)
PE_IND(cmo)
