//! French territories: the offline gazetteer (`gazetteer/`) and place
//! resolution from free text. (Being written: see issue 5.)
