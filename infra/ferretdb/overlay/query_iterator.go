// Copyright 2021 FerretDB Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// CTP patch of FerretDB v1.24.2's internal/backends/postgresql/query_iterator.go, compiled in with
// `go build -overlay` (infra/lib/ferretdb.sh). The original keeps pgx's rows, and so one PostgreSQL
// connection of the pool, acquired until the iterator is exhausted or closed: an open cursor (a find
// of more than one batch, between getMores) and every update (its query stays open while the update
// acquires a second connection) hold one. Once open cursors hold the whole pool, the MongoDB
// connections that would drain them wait for a connection forever (pgxpool's Acquire has no timeout
// and a waiting handler never notices that its client is gone): FerretDB answers nothing more.
// This version reads the rows at once and gives the connection back before the first document is
// returned, so a PostgreSQL connection is held only while a query runs.

package postgresql

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
	"github.com/FerretDB/FerretDB/internal/util/resource"
)

// queryRow is one row read from PostgreSQL: its record ID and its document's JSON (nil for record IDs only).
type queryRow struct {
	b        []byte
	recordID int64
}

// queryIterator implements iterator.Interface to fetch documents from the database.
type queryIterator struct {
	ctx           context.Context
	err           error      // the error that ended the read of the rows, returned after them
	rows          []queryRow // protected by m; nil once closed
	token         *resource.Token
	m             sync.Mutex
	onlyRecordIDs bool
}

// newQueryIterator returns a new queryIterator for the given pgx.Rows, which it reads and closes at once.
//
// Nil rows are possible and return already done iterator.
func newQueryIterator(ctx context.Context, rows pgx.Rows, onlyRecordIDs bool) types.DocumentsIterator {
	read, err := readRows(rows)

	iter := &queryIterator{
		ctx:           ctx,
		err:           err,
		rows:          read,
		onlyRecordIDs: onlyRecordIDs,
		token:         resource.NewToken(),
	}
	resource.Track(iter, iter.token)

	return iter
}

// readRows reads every row and closes rows, which gives its connection back to the pool.
func readRows(rows pgx.Rows) ([]queryRow, error) {
	if rows == nil {
		return nil, nil
	}

	defer rows.Close()

	read := []queryRow{}

	for rows.Next() {
		columns := make([]string, len(rows.FieldDescriptions()))
		for i, description := range rows.FieldDescriptions() {
			columns[i] = description.Name
		}

		var row queryRow
		var dest []any

		switch {
		case slices.Equal(columns, []string{metadata.RecordIDColumn, metadata.DefaultColumn}):
			dest = []any{&row.recordID, &row.b}
		case slices.Equal(columns, []string{metadata.RecordIDColumn}):
			dest = []any{&row.recordID}
		case slices.Equal(columns, []string{metadata.DefaultColumn}):
			dest = []any{&row.b}
		default:
			panic(fmt.Sprintf("cannot scan unknown columns: %v", columns))
		}

		if err := rows.Scan(dest...); err != nil {
			return read, lazyerrors.Error(err)
		}

		read = append(read, row)
	}

	if err := rows.Err(); err != nil {
		return read, lazyerrors.Error(err)
	}

	return read, nil
}

// Next implements iterator.Interface.
func (iter *queryIterator) Next() (struct{}, *types.Document, error) {
	iter.m.Lock()
	defer iter.m.Unlock()

	var unused struct{}

	if iter.rows == nil {
		return unused, nil, iterator.ErrIteratorDone
	}

	if err := context.Cause(iter.ctx); err != nil {
		iter.close()
		return unused, nil, lazyerrors.Error(err)
	}

	if len(iter.rows) == 0 {
		err := iter.err

		iter.close()

		if err == nil {
			err = iterator.ErrIteratorDone
		}

		return unused, nil, lazyerrors.Error(err)
	}

	row := iter.rows[0]
	iter.rows = iter.rows[1:]

	var err error
	doc := must.NotFail(types.NewDocument())

	if !iter.onlyRecordIDs {
		if doc, err = sjson.Unmarshal(row.b); err != nil {
			iter.close()
			return unused, nil, lazyerrors.Error(err)
		}
	}

	doc.SetRecordID(row.recordID)

	return unused, doc, nil
}

// Close implements iterator.Interface.
func (iter *queryIterator) Close() {
	iter.m.Lock()
	defer iter.m.Unlock()

	iter.close()
}

// close closes iterator without holding mutex.
//
// This should be called only when the caller already holds the mutex.
func (iter *queryIterator) close() {
	iter.rows = nil

	resource.Untrack(iter, iter.token)
}

// check interfaces
var (
	_ types.DocumentsIterator = (*queryIterator)(nil)
)
