rm "$DIR/participation.csv"
