# line 3: an unquoted title of 100 MB
{ head -n 2 "$DIR/activities.csv"
  printf 'A02,2025-04-12,'
  head -c 104857600 /dev/zero | tr '\0' 'x'
  printf ',组团服务,U02,植树造林,林区,北山林场,,十个全覆盖,300,1000.50\n'
} >"$DIR/activities.csv.new"
mv "$DIR/activities.csv.new" "$DIR/activities.csv"
