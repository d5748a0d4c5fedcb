"""WARC and ARC files as import input, and the engines that parse their records: `input`
reads and splits the files, `records` turns a task's records into Articles (the function a
worker runs), `cluster` runs that function here, in a local pool or on Dask, and `importer`
stores what comes back through the one writer. Nothing is imported here, so that a worker
loads only `records`.
"""
