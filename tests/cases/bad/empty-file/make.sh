: >"$DIR/units.csv"
